#include "client/key_loading.h"

#include <fcntl.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "client/file_io.h"

namespace conclave::client {
namespace {

constexpr size_t kMaxPassphraseBytes = 1024;

// The terminal state to restore if a signal arrives while echo is off.
int g_tty_fd = -1;
struct termios g_saved_termios;

extern "C" void restore_tty_and_reraise(int sig) {
  if (g_tty_fd >= 0) ::tcsetattr(g_tty_fd, TCSAFLUSH, &g_saved_termios);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void write_all(int fd, std::string_view s) {
  while (!s.empty()) {
    ssize_t n = ::write(fd, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    s.remove_prefix(static_cast<size_t>(n));
  }
}

Error no_passphrase_source(const std::string& why) {
  return Error(ErrorCode::kFailedPrecondition, "a passphrase is needed: set " +
                                                   std::string(kPassphraseEnv) +
                                                   " or run in a terminal (" + why + ")");
}

// Prompts on /dev/tty with echo off and reads one line.
Result<Passphrase> prompt_tty(std::string_view prompt) {
  int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return no_passphrase_source("no terminal to prompt on");
  struct termios saved {};
  if (::tcgetattr(fd, &saved) != 0) {
    ::close(fd);
    return no_passphrase_source("/dev/tty is not a terminal");
  }
  struct termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ECHONL;

  g_saved_termios = saved;
  g_tty_fd = fd;
  struct sigaction action {
  }, old_int{}, old_term{}, old_hup{};
  action.sa_handler = restore_tty_and_reraise;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, &old_int);
  ::sigaction(SIGTERM, &action, &old_term);
  ::sigaction(SIGHUP, &action, &old_hup);
  ::tcsetattr(fd, TCSAFLUSH, &quiet);

  write_all(fd, prompt);
  std::string line;
  bool too_long = false, got_line = false;
  for (;;) {
    char c;
    ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (c == '\n' || c == '\r') {
      got_line = true;
      break;
    }
    if (line.size() >= kMaxPassphraseBytes) {
      too_long = true;
    } else {
      line.push_back(c);
    }
  }
  ::tcsetattr(fd, TCSAFLUSH, &saved);
  if (!got_line) write_all(fd, "\n");  // ECHONL echoed the newline otherwise
  ::sigaction(SIGINT, &old_int, nullptr);
  ::sigaction(SIGTERM, &old_term, nullptr);
  ::sigaction(SIGHUP, &old_hup, nullptr);
  g_tty_fd = -1;
  ::close(fd);

  Passphrase out(std::move(line));
  if (too_long) {
    return Error("passphrase longer than " + std::to_string(kMaxPassphraseBytes) + " bytes");
  }
  if (!got_line && out.empty()) return Error("no passphrase entered");
  return out;
}

// key_file_inspect/open may throw on some malformed JSON (a field of the
// wrong type); a bad file must give an error, not an exception.
Result<KeyFileInfo> guarded_inspect(std::string_view text) {
  try {
    return key_file_inspect(text);
  } catch (const std::exception&) {
    return Error("malformed key file");
  }
}

Result<Identity> guarded_open(std::string_view text, std::string_view passphrase) {
  try {
    return key_file_open(text, passphrase);
  } catch (const std::exception&) {
    return Error("malformed key file");
  }
}

}  // namespace

Passphrase::Passphrase(Passphrase&& other) noexcept : text_(std::move(other.text_)) {
  other.wipe();
}

Passphrase& Passphrase::operator=(Passphrase&& other) noexcept {
  if (this != &other) {
    wipe();
    text_ = std::move(other.text_);
    other.wipe();
  }
  return *this;
}

Passphrase::~Passphrase() {
  wipe();
}

void Passphrase::wipe() {
  if (!text_.empty()) sodium_memzero(text_.data(), text_.size());
  text_.clear();
}

Result<Passphrase> read_passphrase(std::string_view prompt) {
  if (const char* env = std::getenv(std::string(kPassphraseEnv).c_str())) {
    return Passphrase(env);
  }
  return prompt_tty(prompt);
}

Result<Passphrase> read_new_passphrase() {
  if (const char* env = std::getenv(std::string(kPassphraseEnv).c_str())) {
    Passphrase p(env);
    if (p.empty()) {
      return Error(std::string(kPassphraseEnv) +
                   " is empty; use --no-passphrase for an unprotected key file");
    }
    return p;
  }
  Result<Passphrase> first = prompt_tty("New passphrase: ");
  if (!first) return first.error();
  if (first->empty()) {
    return Error("empty passphrase; use --no-passphrase for an unprotected key file");
  }
  Result<Passphrase> second = prompt_tty("Repeat passphrase: ");
  if (!second) return second.error();
  if (first->view() != second->view()) return Error("the passphrases do not match");
  return std::move(*first);
}

Result<KeyFileInfo> inspect_key_file(const std::string& path) {
  Result<std::string> text = read_file(path, kMaxKeyFileBytes);
  if (!text) return text.error();
  Result<KeyFileInfo> info = guarded_inspect(*text);
  if (!info) return Error(path + ": " + info.error().message());
  return info;
}

Result<Identity> load_identity(const std::string& path) {
  Result<std::string> text = read_file(path, kMaxKeyFileBytes);
  if (!text) return text.error();
  Result<KeyFileInfo> info = guarded_inspect(*text);
  if (!info) return Error(path + ": " + info.error().message());
  std::string_view passphrase;
  std::optional<Passphrase> held;
  if (info->sealed) {
    Result<Passphrase> p = read_passphrase("Passphrase for " + path + ": ");
    if (!p) return p.error();
    held.emplace(std::move(*p));
    passphrase = held->view();
  }
  Result<Identity> id = guarded_open(*text, passphrase);
  sodium_memzero(text->data(), text->size());
  if (!id) return Error(path + ": " + id.error().message());
  return id;
}

}  // namespace conclave::client
