#include "client/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace conclave::client {
namespace {

std::string errno_text(int err) {
  return std::strerror(err);
}

// Closes a descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

std::string directory_of(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  return dir.empty() ? "." : dir;
}

// Moves tmp to path unless path exists. renameat2(RENAME_NOREPLACE) is
// atomic; file systems without it get link() + unlink(), which is too.
Status move_into_place(const std::string& tmp, const std::string& path) {
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) {
    return Status::Ok();
  }
  int err = errno;
  if (err == EINVAL || err == ENOSYS || err == ENOTSUP) {
    if (::link(tmp.c_str(), path.c_str()) == 0) {
      ::unlink(tmp.c_str());
      return Status::Ok();
    }
    err = errno;
  }
  ::unlink(tmp.c_str());
  if (err == EEXIST)
    return Error(ErrorCode::kAlreadyExists, path + " already exists; refusing to overwrite it");
  return Error(ErrorCode::kInternal, "cannot create " + path + ": " + errno_text(err));
}

}  // namespace

Result<std::string> read_file(const std::string& path, size_t max_bytes) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0)
    return Error(ErrorCode::kNotFound, "cannot read " + path + ": " + errno_text(errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return Error("cannot read " + path + ": " + errno_text(errno));
  if (!S_ISREG(st.st_mode)) return Error("cannot read " + path + ": not a regular file");
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    return Error(ErrorCode::kResourceExhausted,
                 path + " is too large (" + std::to_string(st.st_size) + " bytes; the limit is " +
                     std::to_string(max_bytes) + ")");
  }
  std::string out;
  out.resize(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::read(fd.get(), out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error("cannot read " + path + ": " + errno_text(errno));
    if (n == 0) break;  // the file shrank while we read it
    done += static_cast<size_t>(n);
  }
  out.resize(done);
  return out;
}

Status check_can_create(const std::string& path) {
  if (path.empty()) return Error("empty file name");
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    return Error(ErrorCode::kAlreadyExists, path + " already exists; refusing to overwrite it");
  }
  std::string dir = directory_of(path);
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Error(ErrorCode::kNotFound,
                 "cannot create " + path + ": directory " + dir + " does not exist");
  }
  if (::access(dir.c_str(), W_OK) != 0) {
    return Error(ErrorCode::kPermissionDenied,
                 "cannot create " + path + ": directory " + dir + " is not writable");
  }
  return Status::Ok();
}

Status write_new_file(const std::string& path, std::string_view contents, mode_t mode) {
  if (Status s = check_can_create(path); !s) return s;
  std::string dir = directory_of(path);
  std::string tmp = dir + "/." + std::filesystem::path(path).filename().string() + ".tmp-XXXXXX";
  Fd fd(::mkstemp(tmp.data()));  // created with mode 0600
  if (fd.get() < 0)
    return Error(ErrorCode::kInternal,
                 "cannot create a temporary file in " + dir + ": " + errno_text(errno));
  auto fail = [&](const std::string& what) -> Status {
    int err = errno;
    ::unlink(tmp.c_str());
    return Error(ErrorCode::kInternal, what + " " + tmp + ": " + errno_text(err));
  };
  if (::fchmod(fd.get(), mode) != 0) return fail("cannot set permissions of");
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd.get(), contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail("cannot write");
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd.get()) != 0) return fail("cannot sync");
  if (::close(fd.release()) != 0) return fail("cannot close");
  if (Status s = move_into_place(tmp, path); !s) return s;
  // Make the new directory entry durable too (best effort).
  Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() >= 0) ::fsync(dir_fd.get());
  return Status::Ok();
}

}  // namespace conclave::client
