// The ledger in-process: group commit, receipts, reopen, and refusal of
// stores whose entries were removed or altered.
#include "node/server/ledger.h"

#include <gtest/gtest.h>
#include <leveldb/db.h>

#include <future>
#include <thread>

#include "crypto/merkle.h"
#include "node/core/snapshot.h"
#include "tests/core/entry_builders.h"
#include "tests/receipt_check.h"
#include "tests/temp_dir.h"

namespace conclave {
namespace {

using namespace conclave::testing;

struct Fixture {
  TempDir dir;
  Identity node = Identity::generate();
  Identity organizer = Identity::generate();
  LedgerOptions options{.origin = kOrigin};

  std::unique_ptr<Ledger> open() {
    Result<std::unique_ptr<Ledger>> l = Ledger::open(dir.path() / "log", node, options);
    if (!l) throw std::runtime_error(l.error().message());
    return std::move(*l);
  }
  std::unique_ptr<Ledger> open_with_genesis() {
    auto l = open();
    EXPECT_TRUE(l->submit(core::sign_entry(node, genesis_body(node, {&organizer}))));
    return l;
  }
};

TEST(Ledger, ReceiptsVerify) {
  Fixture f;
  auto l = f.open_with_genesis();
  for (int i = 0; i < 5; ++i) {
    Result<v1::Receipt> r =
        l->submit(core::sign_entry(f.organizer, disclosure_body("doc " + std::to_string(i))));
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->index(), 1u + i);
    EXPECT_EQ(r->origin(), kOrigin);
    EXPECT_TRUE(verify_receipt(*r, l->verifier_key()));
  }
  EXPECT_EQ(l->size(), 6u);
  EXPECT_EQ(l->state().disclosures.size(), 5u);
}

TEST(Ledger, RejectionsWriteNothing) {
  Fixture f;
  auto l = f.open_with_genesis();
  Identity stranger = Identity::generate();
  Result<v1::Receipt> r = l->submit(core::sign_entry(stranger, disclosure_body("x")));
  EXPECT_EQ(r.error().code(), ErrorCode::kPermissionDenied);
  v1::SignedEntry e = core::sign_entry(f.organizer, disclosure_body("x"));
  e.mutable_signature()->at(5) ^= 1;
  EXPECT_EQ(l->submit(e).error().code(), ErrorCode::kInvalidArgument);
  v1::SignedEntry good = core::sign_entry(f.organizer, disclosure_body("x"));
  ASSERT_TRUE(l->submit(good));
  EXPECT_EQ(l->submit(good).error().code(), ErrorCode::kAlreadyExists);  // replay
  v1::SignedEntry huge = core::sign_entry(f.organizer, disclosure_body(std::string(1 << 20, 'a')));
  EXPECT_EQ(l->submit(huge).error().code(), ErrorCode::kResourceExhausted);
  EXPECT_EQ(l->size(), 2u);
}

TEST(Ledger, DocumentsAreStoredByHash) {
  Fixture f;
  f.options.max_blob_bytes = 1000;
  auto l = f.open_with_genesis();
  std::string doc(800, 'd');
  v1::EntryBody b = disclosure_body(doc);
  b.mutable_disclosure()->clear_inline_body();
  EXPECT_EQ(l->submit(core::sign_entry(f.organizer, b)).error().code(),
            ErrorCode::kFailedPrecondition);  // not attached, not stored
  EXPECT_FALSE(l->submit(core::sign_entry(f.organizer, b), {doc + "x"}));  // wrong bytes
  ASSERT_TRUE(l->submit(core::sign_entry(f.organizer, b), {doc}));
  EXPECT_EQ(*l->store().blob(sha256(as_bytes(doc))), doc);
  std::string big(1001, 'b');
  v1::EntryBody bb = disclosure_body(big);
  bb.mutable_disclosure()->clear_inline_body();
  EXPECT_EQ(l->submit(core::sign_entry(f.organizer, bb), {big}).error().code(),
            ErrorCode::kResourceExhausted);
}

std::string fmt_doc(int t, int i) {
  std::string s = "thread ";
  s += std::to_string(t);
  s += " doc ";
  s += std::to_string(i);
  return s;
}

TEST(Ledger, ConcurrentSubmittersAreGroupCommitted) {
  Fixture f;
  auto l = f.open_with_genesis();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const std::string text = fmt_doc(t, i);
        auto r = l->submit(core::sign_entry(f.organizer, disclosure_body(text)));
        if (r && verify_receipt(*r, l->verifier_key())) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 200);
  EXPECT_EQ(l->size(), 201u);
}

TEST(Ledger, BatchAnswersEveryEntryInOrder) {
  Fixture f;
  auto l = f.open_with_genesis();
  std::vector<v1::SubmitRequest> reqs(4);
  *reqs[0].mutable_entry() = core::sign_entry(f.organizer, disclosure_body("a"));
  *reqs[1].mutable_entry() = core::sign_entry(Identity::generate(), disclosure_body("x"));
  *reqs[2].mutable_entry() = core::sign_entry(f.organizer, disclosure_body("b"));
  reqs[3] = reqs[0];  // a duplicate within the batch
  std::vector<const v1::SubmitRequest*> ptrs;
  for (const auto& r : reqs) ptrs.push_back(&r);
  std::vector<std::promise<Result<v1::Receipt>>> promises(4);
  l->submit_batch_async(
      ptrs, [&](size_t i, Result<v1::Receipt> r) { promises.at(i).set_value(std::move(r)); });
  std::vector<Result<v1::Receipt>> got;
  for (auto& p : promises) got.push_back(p.get_future().get());
  ASSERT_TRUE(got[0]) << got[0].error().message();
  EXPECT_EQ(got[1].error().code(), ErrorCode::kPermissionDenied);
  ASSERT_TRUE(got[2]) << got[2].error().message();
  EXPECT_EQ(got[2]->index(), got[0]->index() + 1);
  EXPECT_EQ(got[2]->tree_size(), got[0]->tree_size());  // one group commit
  EXPECT_EQ(got[3].error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(l->size(), 3u);
}

TEST(Ledger, ReopenRestoresStateAndCheckpoint) {
  Fixture f;
  std::string note;
  {
    auto l = f.open_with_genesis();
    ASSERT_TRUE(l->submit(core::sign_entry(f.organizer, disclosure_body("a"))));
    note = l->checkpoint().note;
  }
  auto l = f.open();
  EXPECT_EQ(l->size(), 2u);
  EXPECT_EQ(l->checkpoint().note, note);
  EXPECT_EQ(l->state().disclosures.size(), 1u);
  EXPECT_TRUE(l->submit(core::sign_entry(f.organizer, disclosure_body("b"))));
}

// Opens the raw LevelDB under the ledger's store, for tampering.
std::unique_ptr<leveldb::DB> raw_db(const std::filesystem::path& p) {
  leveldb::DB* db = nullptr;
  leveldb::Options o;
  EXPECT_TRUE(leveldb::DB::Open(o, p.string(), &db).ok());
  return std::unique_ptr<leveldb::DB>(db);
}
std::string key(std::initializer_list<uint8_t> prefix, uint64_t i) {
  std::string k;
  for (uint8_t p : prefix) k.push_back(static_cast<char>(p));
  for (int s = 7; s >= 0; --s) k.push_back(static_cast<char>(i >> (8 * s)));
  return k;
}
std::string entry_key(uint64_t i) {
  return key({'e'}, i);
}

TEST(Ledger, RefusesStoreWithDeletedEntries) {
  Fixture f;
  {
    auto l = f.open_with_genesis();
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(l->submit(core::sign_entry(f.organizer, disclosure_body(std::to_string(i)))));
    }
  }
  raw_db(f.dir.path() / "log")->Delete(leveldb::WriteOptions(), entry_key(3));
  Result<std::unique_ptr<Ledger>> l = Ledger::open(f.dir.path() / "log", f.node, f.options);
  ASSERT_FALSE(l);
  EXPECT_NE(l.error().message().find("damaged"), std::string::npos) << l.error().message();
}

TEST(Ledger, RefusesStoreWithDeletedEntriesAndNodes) {
  Fixture f;
  {
    auto l = f.open_with_genesis();
    ASSERT_TRUE(l->submit(core::sign_entry(f.organizer, disclosure_body("0"))));
  }
  {
    // Remove the last entry and every tree node that mentions it: only the
    // signed checkpoint still remembers it.
    auto db = raw_db(f.dir.path() / "log");
    db->Delete(leveldb::WriteOptions(), entry_key(1));
    db->Delete(leveldb::WriteOptions(), key({'n', 0}, 1));  // leaf 1
    db->Delete(leveldb::WriteOptions(), key({'n', 1}, 0));  // its parent
  }
  Result<std::unique_ptr<Ledger>> l = Ledger::open(f.dir.path() / "log", f.node, f.options);
  ASSERT_FALSE(l);
  EXPECT_NE(l.error().message().find("rolled back"), std::string::npos) << l.error().message();
}

TEST(Ledger, RefusesStoreWithAlteredEntry) {
  Fixture f;
  {
    auto l = f.open_with_genesis();
    ASSERT_TRUE(l->submit(core::sign_entry(f.organizer, disclosure_body("original"))));
  }
  {
    auto db = raw_db(f.dir.path() / "log");
    // A validly signed, different entry put in place of entry 1.
    std::string other =
        core::serialize(core::sign_entry(f.organizer, disclosure_body("substitute")));
    db->Put(leveldb::WriteOptions(), entry_key(1), other);
  }
  Result<std::unique_ptr<Ledger>> l = Ledger::open(f.dir.path() / "log", f.node, f.options);
  ASSERT_FALSE(l);
  EXPECT_NE(l.error().message().find("does not match"), std::string::npos) << l.error().message();
}

TEST(Ledger, RefusesAnotherNodesStore) {
  Fixture f;
  { auto l = f.open_with_genesis(); }
  Identity other = Identity::generate();
  EXPECT_FALSE(Ledger::open(f.dir.path() / "log", other, f.options));
}

// -------------------------------------------------------------- snapshots --

void submit_disclosures(Ledger& l, const Identity& organizer, int from, int count) {
  for (int i = from; i < from + count; ++i) {
    Result<v1::Receipt> r =
        l.submit(core::sign_entry(organizer, disclosure_body("doc " + std::to_string(i))));
    ASSERT_TRUE(r) << r.error().message();
  }
}

// The state rebuilt from every entry, ignoring any snapshot (and saving none).
std::string replayed_state(const Fixture& f) {
  LedgerOptions o = f.options;
  o.use_snapshot = false;
  o.snapshot_interval = 0;
  Result<std::unique_ptr<Ledger>> l = Ledger::open(f.dir.path() / "log", f.node, o);
  if (!l) throw std::runtime_error(l.error().message());
  EXPECT_EQ((*l)->restored_from_snapshot(), 0u);
  return core::encode_state((*l)->state());
}

TEST(Ledger, CleanStopSavesASnapshotThatReopenUses) {
  Fixture f;
  {
    auto l = f.open_with_genesis();
    submit_disclosures(*l, f.organizer, 0, 5);
  }
  const std::string want = replayed_state(f);
  auto l = f.open();
  EXPECT_EQ(l->restored_from_snapshot(), 6u);
  EXPECT_EQ(core::encode_state(l->state()), want);
  submit_disclosures(*l, f.organizer, 5, 1);  // and it goes on accepting
  EXPECT_EQ(l->state().disclosures.size(), 6u);
}

TEST(Ledger, SnapshotBehindTheLogIsResumedFromTheEntries) {
  Fixture f;
  {
    auto l = f.open_with_genesis();
    submit_disclosures(*l, f.organizer, 0, 3);
  }
  {
    LedgerOptions o = f.options;
    o.snapshot_interval = 0;  // as if the node had crashed: no snapshot at stop
    auto l = Ledger::open(f.dir.path() / "log", f.node, o);
    ASSERT_TRUE(l);
    EXPECT_EQ((*l)->restored_from_snapshot(), 4u);
    submit_disclosures(**l, f.organizer, 3, 3);
  }
  const std::string want = replayed_state(f);
  auto l = f.open();
  EXPECT_EQ(l->size(), 7u);
  EXPECT_EQ(l->restored_from_snapshot(), 4u);
  EXPECT_EQ(core::encode_state(l->state()), want);
}

TEST(Ledger, SnapshotsAreWrittenWithBatchesAtTheInterval) {
  Fixture f;
  f.options.snapshot_interval = 3;
  auto l = f.open_with_genesis();
  EXPECT_FALSE(l->store().snapshot());
  submit_disclosures(*l, f.organizer, 0, 4);  // sizes 2..5: one snapshot at 3
  std::optional<std::string> record = l->store().snapshot();
  ASSERT_TRUE(record);
  Result<core::RestoredSnapshot> snap = core::open_snapshot(*record);
  ASSERT_TRUE(snap) << snap.error().message();
  EXPECT_EQ(snap->state.size, 3u);
  EXPECT_EQ(snap->root, l->store().root_at(3));
  submit_disclosures(*l, f.organizer, 4, 1);  // size 6: the next one
  snap = core::open_snapshot(*l->store().snapshot());
  ASSERT_TRUE(snap);
  EXPECT_EQ(snap->state.size, 6u);
}

TEST(Ledger, DamagedSnapshotIsIgnoredAndTheLogReplayed) {
  Fixture f;
  {
    auto l = f.open_with_genesis();
    submit_disclosures(*l, f.organizer, 0, 3);
  }
  std::string record;
  {
    auto db = raw_db(f.dir.path() / "log");
    ASSERT_TRUE(db->Get(leveldb::ReadOptions(), "s", &record).ok());
    record[record.size() / 2] ^= 0x10;
    db->Put(leveldb::WriteOptions(), "s", record);
  }
  const std::string want = replayed_state(f);
  auto l = f.open();
  EXPECT_EQ(l->restored_from_snapshot(), 0u);
  EXPECT_EQ(core::encode_state(l->state()), want);
}

TEST(Ledger, SnapshotOfAnotherLogIsIgnored) {
  Fixture a;
  Fixture b;
  {
    auto l = a.open_with_genesis();
    submit_disclosures(*l, a.organizer, 0, 2);
  }
  {
    auto l = b.open_with_genesis();
    submit_disclosures(*l, b.organizer, 0, 4);
  }
  std::string record;
  ASSERT_TRUE(raw_db(a.dir.path() / "log")->Get(leveldb::ReadOptions(), "s", &record).ok());
  raw_db(b.dir.path() / "log")->Put(leveldb::WriteOptions(), "s", record);
  auto l = b.open();
  EXPECT_EQ(l->restored_from_snapshot(), 0u);
  EXPECT_EQ(l->state().disclosures.size(), 4u);
  EXPECT_TRUE(l->state().is_organizer(b.organizer.public_key()));
}

}  // namespace
}  // namespace conclave
