// Contract checks for programmer errors, on in every build (NDEBUG does not remove them): a
// simulator that silently continues past a broken invariant produces traces nobody can trust.
// Bad user input never reaches these; the harness rejects it with a message first.
#pragma once

#include <cstdio>
#include <cstdlib>

#define LS_REQUIRE(cond)                                                                   \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "%s:%d: leasesim internal error: requirement failed: %s\n",     \
                   __FILE__, __LINE__, #cond);                                             \
      std::abort();                                                                        \
    }                                                                                      \
  } while (false)
