// libsodium must be initialised once before use; every entry point that
// needs randomness or a primitive calls ensure_sodium() (cheap after the
// first call, thread-safe by the C++ static-initialisation rules).
#pragma once

#include <sodium.h>

#include <stdexcept>

namespace conclave {

inline void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace conclave
