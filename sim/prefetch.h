// Loading memory ahead of the event that will read it (simulator.cpp, "prefetch_ahead"). The
// address is computed as an integer: the lines after an object's first may lie past its end,
// and pointer arithmetic there would be undefined even though a prefetch never faults.
#pragma once

#include <cstddef>
#include <cstdint>

namespace leasesim::sim {

// Starts loading the lines holding p, p + 64, ... (`lines` of them); null asks for nothing.
inline void prefetch_lines(const void* p, size_t lines) {
  if (p == nullptr) return;
  const auto at = reinterpret_cast<uintptr_t>(p);
  for (size_t i = 0; i < lines; ++i) __builtin_prefetch(reinterpret_cast<const void*>(at + 64 * i));
}

// Starts loading every line of the object at p.
template <class T>
void prefetch_object(const T* p) {
  if (p == nullptr) return;
  const auto at = reinterpret_cast<uintptr_t>(p);
  for (uintptr_t line = at & ~uintptr_t{63}; line < at + sizeof(T); line += 64) {
    __builtin_prefetch(reinterpret_cast<const void*>(line));
  }
}

}  // namespace leasesim::sim
