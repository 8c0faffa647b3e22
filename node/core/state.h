// The state of one unit's log: everything apply() needs to judge the next
// entry. It is a pure function of the log's entries (replaying them from
// index 0 rebuilds it exactly), shared by the node, the client and the
// auditor. Intentionally copyable.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "conclave.pb.h"
#include "crypto/contest.h"
#include "crypto/dkg.h"
#include "crypto/identity.h"
#include "crypto/sha.h"

namespace conclave::core {

struct DisclosureRecord {
  uint64_t index;  // log index of the disclosure entry
  std::string title;
  Hash32 sha256;
  uint64_t size;
  std::string filename;
  PublicKey author;
};

struct Member {
  std::string id;
  std::string full_name;
  std::string role;
  std::optional<PublicKey> code_key;  // an unused enrollment code is pending
  std::optional<PublicKey> key;       // the current enrolled key
  std::array<uint8_t, 32> box_key{};
  std::vector<PublicKey> revoked;  // earlier keys, no longer accepted
};

enum class ItemType { kResolution, kElection, kAgreement, kConsultation };
enum class ItemStatus { kPending, kOpen, kClosed, kTallied };

// The counted part of a cast ballot (proofs were checked on entry).
struct CastBallot {
  uint64_t index;  // log index
  Hash32 leaf_hash;
  std::vector<Ciphertext> selections;  // all contests, concatenated
  std::vector<std::string> comments;   // consultation: per section, "" = none
};

struct Item {
  v1::AgendaItem spec;
  ItemType type = ItemType::kResolution;
  std::vector<ContestRules> contests;
  uint32_t selections = 0;  // Σ options over contests
  ItemStatus status = ItemStatus::kPending;
  int64_t opened_ms = 0;
  int64_t closed_ms = 0;
  std::map<std::string, CastBallot> ballots;  // member id → the ballot that counts
  uint64_t ballots_received = 0;              // including replaced ones
  uint64_t spoiled = 0;

  // Fixed when the item closes.
  std::vector<Ciphertext> aggregates;
  Hash64 aggregate_hash{};
  uint64_t attendees_at_close = 0;

  std::map<uint32_t, std::vector<Point>> shares;  // trustee index → M_j per selection
  std::optional<v1::ItemResult> result;
  std::set<std::pair<Hash32, uint32_t>> answered;  // (ballot leaf hash, section)
};

struct TrusteeSlot {
  std::string member_id;
  PublicKey key{};
  std::array<uint8_t, 32> box_key{};
  std::optional<DkgCommitment> commitment;
  std::vector<Bytes> sealed_shares;  // to trustee j at j − 1; empty until posted
};

enum class ConferenceStatus { kCeremony, kReady, kPublished };

struct Conference {
  std::string id;
  v1::ConferenceCreated spec;
  uint64_t created_index = 0;
  std::set<std::string> roster;
  uint32_t threshold = 1;
  std::vector<TrusteeSlot> trustees;  // index i at i − 1
  std::vector<Item> items;
  Hash64 ceremony_context{};  // binds DKG proofs before the joint key exists

  std::vector<DkgComplaint> complaints;
  std::vector<DkgReveal> reveals;
  std::set<uint32_t> acknowledged;  // trustees who found all their shares valid
  ConferenceStatus status = ConferenceStatus::kCeremony;
  std::vector<uint32_t> qualified;
  Point joint_key;
  std::vector<Point> verification_keys;  // K_j at j − 1
  Hash64 context{};                      // Q

  std::set<std::string> checked_in;
  std::set<std::array<uint8_t, 32>> used_alphas;  // every α seen in a ballot or spoil
  std::optional<Hash32> minutes_hash;
  bool signed_by_organizer = false;
  bool signed_by_secretary = false;

  Item* item(const std::string& id);
  const Item* item(const std::string& id) const;
  std::optional<uint32_t> trustee_index(const PublicKey& key) const;
  uint64_t roster_size() const { return roster.size(); }
};

struct State {
  std::string origin;
  uint64_t size = 0;  // number of entries applied

  // Set by the genesis entry (index 0).
  bool has_genesis = false;
  std::string unit_name;
  PublicKey node_key{};
  std::map<PublicKey, std::string> organizers;  // key → name
  std::string parent_origin;

  std::vector<DisclosureRecord> disclosures;
  std::map<std::string, Member> members;
  std::map<PublicKey, std::string> member_by_key;  // current keys only
  std::map<std::string, Conference> conferences;

  bool is_organizer(const PublicKey& k) const { return organizers.contains(k); }
  const Member* member_with_key(const PublicKey& k) const;
  Conference* conference(const std::string& id);
  const Conference* conference(const std::string& id) const;
};

std::string to_string(ItemType t);
std::string to_string(ItemStatus s);
std::string to_string(ConferenceStatus s);

}  // namespace conclave::core
