// `leasesim check --update-expect`: a scenario's `expect:` rewritten with what its run showed,
// golden-file style (the user reviews the change as a diff). Only the block's text changes;
// every other byte of the file (comments, key order, the other sections) stays as it was. A
// block that cannot be cut out and replaced safely is refused, never guessed at.
#pragma once

#include <string>

#include "harness/scenario.h"
#include "reports/result.h"

namespace leasesim::harness {

// What run `r` showed, as an `expect`: the verdict of every safety checker, whether each
// liveness checker reported, every window (of the checkers that found any), and of the events
// the author pinned (`authored.events`) those the run met; an event it did not meet is left
// out, since the run counts only what was asked (reports/result.h keeps no other events).
// REQUIRES: r ran to its end (r.stopped empty) against a scenario whose expect was `authored`.
Expect observed_expect(const reports::Result& r, const Expect& authored);

// `text` (the file `file`) with its top-level `expect:` block replaced by `block` (as
// expect_yaml writes it), or `block` appended if there is none. Throws an InputError at the
// `expect` key (FILE:LINE:COLUMN: why) if the block cannot be replaced safely: a flow map
// spanning lines, an anchor, alias, tag or block scalar, a comment inside it (it would be
// lost), a key not at the start of a line, or a document that is not a block mapping.
std::string replace_expect(const std::string& text, const std::string& file, const std::string& block);

}  // namespace leasesim::harness
