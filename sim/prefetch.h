// Loading memory ahead of the event that will read it (simulator.cpp, "prefetch_ahead"). The
// address is computed as an integer: the lines after an object's first may lie past its end,
// and pointer arithmetic there would be undefined even though a prefetch never faults.
//
// Every prefetch of the engine goes through prefetch_line. A prefetch changes nothing the
// program can see, so an optimiser may delete a loop of them whole: GCC 12 at -O2 compiled
// prefetch_object of the link table's row and of the ZooKeeper server's connection entry to a
// bare `ret`, and neither was ever loaded ahead (bench/README.md, "Eighth round"). The empty asm
// statement, which takes the address, is a side effect the optimiser must keep, and with it
// the loop and the prefetch; it adds at most a register move. The test sim.prefetch_kept reads
// the object code.
#pragma once

#include <cstddef>
#include <cstdint>

namespace leasesim::sim {

inline void prefetch_line(uintptr_t line) {
  __builtin_prefetch(reinterpret_cast<const void*>(line));
  asm volatile("" : : "r"(line));
}

// Starts loading the line holding p.
inline void prefetch_at(const void* p) { prefetch_line(reinterpret_cast<uintptr_t>(p)); }

// Starts loading every line holding a byte of [p, p + bytes): one more line than bytes / 64
// when p is not at a line's start, as a heap object of 16-byte alignment mostly is (three lines
// from such an object's first byte left the end of its first 192 bytes, from byte 144, 160 or
// 176 on, unloaded three times in four).
// Null asks for nothing.
inline void prefetch_span(const void* p, size_t bytes) {
  if (p == nullptr) return;
  const auto at = reinterpret_cast<uintptr_t>(p);
  for (uintptr_t line = at & ~uintptr_t{63}; line < at + bytes; line += 64) prefetch_line(line);
}

// Starts loading every line of the object at p.
template <class T>
void prefetch_object(const T* p) {
  if (p == nullptr) return;
  const auto at = reinterpret_cast<uintptr_t>(p);
  for (uintptr_t line = at & ~uintptr_t{63}; line < at + sizeof(T); line += 64) prefetch_line(line);
}

}  // namespace leasesim::sim
