#include "node/store/log_store.h"

#include <leveldb/db.h>
#include <leveldb/filter_policy.h>
#include <leveldb/write_batch.h>

#include <cstring>
#include <mutex>

namespace conclave {
namespace {

std::string key_with_u64(char tag, uint64_t v) {
  std::string k(1, tag);
  for (int i = 7; i >= 0; --i) k.push_back(static_cast<char>(v >> (8 * i)));
  return k;
}
std::string entry_key(uint64_t index) {
  return key_with_u64('e', index);
}
std::string node_key(uint32_t level, uint64_t index) {
  std::string k = key_with_u64('n', index);
  k.insert(k.begin() + 1, static_cast<char>(level));
  return k;
}
std::string hash_key(char tag, const Hash32& h) {
  std::string k(1, tag);
  k.append(reinterpret_cast<const char*>(h.data()), h.size());
  return k;
}
uint64_t read_u64(std::string_view s) {
  uint64_t v = 0;
  for (char c : s.substr(0, 8)) v = (v << 8) | static_cast<uint8_t>(c);
  return v;
}
Error storage_error(const leveldb::Status& s) {
  return Error(ErrorCode::kInternal, "storage: " + s.ToString());
}

}  // namespace

LogStore::~LogStore() = default;

Result<std::unique_ptr<LogStore>> LogStore::open(const std::filesystem::path& dir) {
  std::unique_ptr<LogStore> store(new LogStore());
  leveldb::Options options;
  options.create_if_missing = true;
  options.paranoid_checks = true;
  // Every submission probes the leaf-hash index for a duplicate, and almost
  // all probes miss: a Bloom filter answers those without reading a block.
  store->filter_.reset(leveldb::NewBloomFilterPolicy(10));
  options.filter_policy = store->filter_.get();
  leveldb::DB* db = nullptr;
  leveldb::Status st = leveldb::DB::Open(options, dir.string(), &db);
  if (!st.ok()) return storage_error(st);
  store->db_.reset(db);

  std::string cp;
  st = db->Get(leveldb::ReadOptions(), "c", &cp);
  if (st.ok()) {
    store->checkpoint_ = cp;
  } else if (!st.IsNotFound()) {
    return storage_error(st);
  }

  // Reread every entry in order and rebuild the tree.
  leveldb::ReadOptions ro;
  ro.verify_checksums = true;
  std::unique_ptr<leveldb::Iterator> it(db->NewIterator(ro));
  uint64_t expected = 0;
  for (it->Seek("e"); it->Valid() && it->key().starts_with("e"); it->Next()) {
    const uint64_t index = read_u64(std::string_view(it->key().data() + 1, it->key().size() - 1));
    if (it->key().size() != 9 || index != expected) {
      return Error(ErrorCode::kFailedPrecondition,
                   "log store is damaged: entry " + std::to_string(expected) + " is missing");
    }
    ByteView leaf(reinterpret_cast<const uint8_t*>(it->value().data()), it->value().size());
    store->tree_.append(merkle_leaf_hash(leaf));
    ++expected;
  }
  if (!it->status().ok()) return storage_error(it->status());

  // Compare the stored tree nodes with the recomputed ones: a changed entry
  // changes its leaf hash and every node above it.
  uint64_t nodes_seen = 0;
  for (it->Seek("n"); it->Valid() && it->key().starts_with("n"); it->Next()) {
    if (it->key().size() != 10 || it->value().size() != 32) {
      return Error(ErrorCode::kFailedPrecondition, "log store is damaged: malformed tree node");
    }
    const auto level = static_cast<uint8_t>(it->key()[1]);
    const uint64_t index = read_u64(std::string_view(it->key().data() + 2, 8));
    Result<Hash32> want = store->tree_.node(level, index);
    if (!want || std::memcmp(want->data(), it->value().data(), 32) != 0) {
      return Error(ErrorCode::kFailedPrecondition,
                   "log store is damaged: tree node (" + std::to_string(level) + ", " +
                       std::to_string(index) + ") does not match the stored entries");
    }
    ++nodes_seen;
  }
  if (!it->status().ok()) return storage_error(it->status());
  // A tree of n leaves has 2n − popcount(n) perfect nodes.
  const uint64_t n = store->tree_.size();
  if (nodes_seen != 2 * n - static_cast<uint64_t>(__builtin_popcountll(n))) {
    return Error(ErrorCode::kFailedPrecondition,
                 "log store is damaged: tree nodes are missing for the stored entries");
  }
  store->committed_ = n;
  return store;
}

uint64_t LogStore::size() const {
  std::shared_lock lock(mu_);
  return committed_;
}

std::optional<std::string> LogStore::checkpoint() const {
  std::shared_lock lock(mu_);
  return checkpoint_;
}

Hash32 LogStore::root_at(uint64_t size) const {
  std::shared_lock lock(mu_);
  return tree_.root_at(size);
}

Result<Bytes> LogStore::entry(uint64_t index) const {
  if (index >= size()) {
    return Error(ErrorCode::kOutOfRange, "entry " + std::to_string(index) +
                                             " does not exist (log size " + std::to_string(size()) +
                                             ")");
  }
  std::string v;
  leveldb::Status st = db_->Get(leveldb::ReadOptions(), entry_key(index), &v);
  if (!st.ok()) return storage_error(st);
  return Bytes(v.begin(), v.end());
}

Status LogStore::for_each_entry(uint64_t from,
                                const std::function<Status(uint64_t, ByteView)>& f) const {
  const uint64_t end = size();
  leveldb::ReadOptions ro;
  ro.verify_checksums = true;
  ro.fill_cache = false;  // a replay reads everything once
  std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(ro));
  uint64_t index = from;
  for (it->Seek(entry_key(from)); index < end; it->Next(), ++index) {
    if (!it->Valid() || it->key() != entry_key(index)) {
      if (!it->status().ok()) return storage_error(it->status());
      return Error(ErrorCode::kFailedPrecondition,
                   "log store is damaged: entry " + std::to_string(index) + " is missing");
    }
    ByteView leaf(reinterpret_cast<const uint8_t*>(it->value().data()), it->value().size());
    if (Status s = f(index, leaf); !s) return s;
  }
  return Status::Ok();
}

std::optional<std::string> LogStore::snapshot() const {
  std::string v;
  if (!db_->Get(leveldb::ReadOptions(), "s", &v).ok()) return std::nullopt;
  return v;
}

Status LogStore::put_snapshot(const std::string& snapshot) {
  leveldb::WriteOptions wo;
  wo.sync = true;
  leveldb::Status st = db_->Put(wo, "s", snapshot);
  if (!st.ok()) return storage_error(st);
  return Status::Ok();
}

std::optional<uint64_t> LogStore::index_of(const Hash32& leaf_hash) const {
  std::string v;
  if (!db_->Get(leveldb::ReadOptions(), hash_key('h', leaf_hash), &v).ok() || v.size() != 8) {
    return std::nullopt;
  }
  const uint64_t index = read_u64(v);
  if (index >= size()) return std::nullopt;
  return index;
}

Result<std::vector<Hash32>> LogStore::inclusion_proof(uint64_t index, uint64_t size) const {
  std::shared_lock lock(mu_);
  if (size > committed_ || index >= size) {
    return Error(ErrorCode::kOutOfRange, "no inclusion proof for index " + std::to_string(index) +
                                             " in a tree of size " + std::to_string(size) +
                                             " (log size " + std::to_string(committed_) + ")");
  }
  return merkle_inclusion_proof(index, size, tree_.fn());
}

Result<std::vector<Hash32>> LogStore::consistency_proof(uint64_t size1, uint64_t size2) const {
  std::shared_lock lock(mu_);
  if (size1 > size2 || size2 > committed_) {
    return Error(ErrorCode::kOutOfRange, "no consistency proof from size " + std::to_string(size1) +
                                             " to " + std::to_string(size2) + " (log size " +
                                             std::to_string(committed_) + ")");
  }
  return merkle_consistency_proof(size1, size2, tree_.fn());
}

bool LogStore::has_blob(const Hash32& sha256) const {
  std::string v;
  return db_->Get(leveldb::ReadOptions(), hash_key('b', sha256), &v).ok();
}

Result<std::string> LogStore::blob(const Hash32& sha256) const {
  std::string v;
  leveldb::Status st = db_->Get(leveldb::ReadOptions(), hash_key('b', sha256), &v);
  if (st.IsNotFound()) return Error(ErrorCode::kNotFound, "no document with that hash");
  if (!st.ok()) return storage_error(st);
  return v;
}

Status LogStore::commit(const std::vector<LeafToAppend>& leaves,
                        const std::vector<std::pair<Hash32, std::string>>& blobs,
                        const SealFn& seal) {
  leveldb::WriteBatch batch;
  const uint64_t base = size();
  Hash32 new_root;
  {
    // The tree grows under the lock; readers are bounded by committed_, so
    // they see the new nodes only once the batch is durable.
    std::unique_lock lock(mu_);
    for (size_t i = 0; i < leaves.size(); ++i) {
      batch.Put(entry_key(base + i),
                leveldb::Slice(reinterpret_cast<const char*>(leaves[i].leaf.data()),
                               leaves[i].leaf.size()));
      batch.Put(hash_key('h', leaves[i].leaf_hash), key_with_u64('x', base + i).substr(1));
      tree_.append(leaves[i].leaf_hash, [&](uint32_t level, uint64_t index, const Hash32& h) {
        batch.Put(node_key(level, index),
                  leveldb::Slice(reinterpret_cast<const char*>(h.data()), h.size()));
      });
    }
    new_root = tree_.root_at(base + leaves.size());
  }
  Seal sealed = seal(base + leaves.size(), new_root);
  const std::string& checkpoint = sealed.checkpoint;
  for (const auto& [hash, data] : blobs) batch.Put(hash_key('b', hash), data);
  batch.Put("c", checkpoint);
  if (sealed.snapshot) batch.Put("s", *sealed.snapshot);
  leveldb::WriteOptions wo;
  wo.sync = true;
  leveldb::Status st = db_->Write(wo, &batch);
  std::unique_lock lock(mu_);
  if (!st.ok()) {
    tree_.truncate(base);
    return storage_error(st);
  }
  checkpoint_ = checkpoint;
  committed_ = base + leaves.size();
  return Status::Ok();
}

}  // namespace conclave
