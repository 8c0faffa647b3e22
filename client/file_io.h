// Reading and writing the client's files (key files, receipts, documents).
//
// Writes are atomic and never overwrite: the contents go to a temporary file
// in the target's directory, are fsynced, and are then moved into place only
// if nothing exists there yet. A reader therefore sees either no file or
// the whole file, and an existing key or receipt is never clobbered.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "crypto/result.h"

namespace conclave::client {

// Reads a whole regular file of at most max_bytes. Errors name the path.
Result<std::string> read_file(const std::string& path, size_t max_bytes);

// Fails unless `path` does not exist yet and its directory does: lets a
// command refuse early, before doing work whose result it could not save.
Status check_can_create(const std::string& path);

// Creates `path` with `contents` and permission bits `mode` (e.g. 0600),
// atomically; fails if `path` already exists.
Status write_new_file(const std::string& path, std::string_view contents, mode_t mode);

}  // namespace conclave::client
