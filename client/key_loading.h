// Loading a person's key file, and asking for its passphrase.
//
// The passphrase comes from the CONCLAVE_PASSPHRASE environment variable
// (for scripts) or else from a prompt on /dev/tty with echo turned off. When
// neither is possible (no variable, no terminal) the functions fail with a
// message saying so instead of hanging or reading stdin.
#pragma once

#include <string>
#include <string_view>

#include "crypto/identity.h"
#include "crypto/keyfile.h"
#include "crypto/result.h"

namespace conclave::client {

inline constexpr std::string_view kPassphraseEnv = "CONCLAVE_PASSPHRASE";
inline constexpr size_t kMaxKeyFileBytes = 64 * 1024;

// A passphrase held in memory that is wiped on destruction. Move-only.
class Passphrase {
 public:
  explicit Passphrase(std::string text) : text_(std::move(text)) {}
  Passphrase(Passphrase&& other) noexcept;
  Passphrase& operator=(Passphrase&& other) noexcept;
  Passphrase(const Passphrase&) = delete;
  Passphrase& operator=(const Passphrase&) = delete;
  ~Passphrase();

  std::string_view view() const { return text_; }
  bool empty() const { return text_.empty(); }

 private:
  void wipe();
  std::string text_;
};

// The passphrase of an existing key file: the environment, or one prompt.
Result<Passphrase> read_passphrase(std::string_view prompt);

// A passphrase for a new key file: the environment, or a prompt asked twice
// that must match. Empty passphrases are refused (an unprotected key file
// must be asked for explicitly).
Result<Passphrase> read_new_passphrase();

// Reads a key file's public part (no passphrase needed).
Result<KeyFileInfo> inspect_key_file(const std::string& path);

// Reads and opens a key file, asking for the passphrase if it is sealed.
// Errors name the file.
Result<Identity> load_identity(const std::string& path);

}  // namespace conclave::client
