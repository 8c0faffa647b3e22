// Durable storage of one log in LevelDB.
//
// Layout (all integers big-endian):
//   "c"                      → the last signed checkpoint (note text)
//   "e" ‖ u64 index          → leaf: serialized SignedEntry
//   "h" ‖ leaf hash          → u64 index (lookup by tracking code)
//   "n" ‖ u8 level ‖ u64 idx → perfect-subtree hash
//   "b" ‖ sha256             → document blob
//   "s"                      → the newest state snapshot (opaque to the store)
// commit() writes entries, their tree nodes, blobs and the new checkpoint in
// one WriteBatch with sync = true: after a crash the store holds either all
// of a batch or none of it, and never a checkpoint whose entries are missing.
//
// open() rereads every entry, rebuilds the tree and compares it with the
// stored nodes; the caller then checks the stored checkpoint against
// root_at() and rebuilds its state from the snapshot and/or the entries. Thread-safety: commit()
// from one thread at a time; reads may run concurrently with each other and with commit()
// (internally locked).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>

#include "node/store/tree_nodes.h"

namespace leveldb {
class DB;
class FilterPolicy;
}  // namespace leveldb

namespace conclave {

struct LeafToAppend {
  Bytes leaf;
  Hash32 leaf_hash;
};

class LogStore {
 public:
  // Opens or creates the store. Fails (with a message naming the problem) if
  // entries are missing or altered relative to the stored tree nodes.
  static Result<std::unique_ptr<LogStore>> open(const std::filesystem::path& dir);
  ~LogStore();

  uint64_t size() const;
  std::optional<std::string> checkpoint() const;
  Hash32 root_at(uint64_t size) const;

  Result<Bytes> entry(uint64_t index) const;
  // Calls f on every entry from index `from` on, in order, stopping at the
  // first error.
  Status for_each_entry(uint64_t from,
                        const std::function<Status(uint64_t index, ByteView leaf)>& f) const;
  std::optional<std::string> snapshot() const;
  // Replaces the stored snapshot on its own (synced), e.g. at shutdown.
  Status put_snapshot(const std::string& snapshot);
  std::optional<uint64_t> index_of(const Hash32& leaf_hash) const;
  Result<std::vector<Hash32>> inclusion_proof(uint64_t index, uint64_t size) const;
  Result<std::vector<Hash32>> consistency_proof(uint64_t size1, uint64_t size2) const;

  bool has_blob(const Hash32& sha256) const;
  Result<std::string> blob(const Hash32& sha256) const;

  // What seals a batch, made from the tree after it (new size, new root):
  // the signed checkpoint note and, optionally, a state snapshot at that size.
  struct Seal {
    std::string checkpoint;
    std::optional<std::string> snapshot;
  };
  using SealFn = std::function<Seal(uint64_t size, const Hash32& root)>;

  // Appends leaves (the next indices), blobs, the checkpoint that covers
  // them and the snapshot if any (made by seal), durably. On failure nothing
  // is visible.
  Status commit(const std::vector<LeafToAppend>& leaves,
                const std::vector<std::pair<Hash32, std::string>>& blobs, const SealFn& seal);

 private:
  LogStore() = default;
  std::unique_ptr<const leveldb::FilterPolicy> filter_;  // must outlive db_
  std::unique_ptr<leveldb::DB> db_;
  mutable std::shared_mutex mu_;  // guards tree_ and checkpoint_
  TreeNodes tree_;
  uint64_t committed_ = 0;  // entries durable on disk
  std::optional<std::string> checkpoint_;
};

}  // namespace conclave
