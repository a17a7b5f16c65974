// The registry scenarios load against: the built-in protocols, or the one a binary installed.
#include "leasesim/protocol.h"

namespace leasesim {
namespace {

const Registry* installed = nullptr;

}  // namespace

const Registry& registry() {
  if (installed != nullptr) return *installed;
  static const Registry builtin = [] {
    Registry r;
    add_builtin_protocols(r);
    return r;
  }();
  return builtin;
}

void use_registry(const Registry& r) { installed = &r; }

}  // namespace leasesim
