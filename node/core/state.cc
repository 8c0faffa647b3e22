#include "node/core/state.h"

namespace conclave::core {

Item* Conference::item(const std::string& id) {
  for (Item& i : items) {
    if (i.spec.id() == id) return &i;
  }
  return nullptr;
}

const Item* Conference::item(const std::string& id) const {
  return const_cast<Conference*>(this)->item(id);
}

std::optional<uint32_t> Conference::trustee_index(const PublicKey& key) const {
  for (size_t i = 0; i < trustees.size(); ++i) {
    if (trustees[i].key == key) return static_cast<uint32_t>(i + 1);
  }
  return std::nullopt;
}

const Member* State::member_with_key(const PublicKey& k) const {
  auto it = member_by_key.find(k);
  if (it == member_by_key.end()) return nullptr;
  return &members.at(it->second);
}

Conference* State::conference(const std::string& id) {
  auto it = conferences.find(id);
  return it == conferences.end() ? nullptr : &it->second;
}

const Conference* State::conference(const std::string& id) const {
  return const_cast<State*>(this)->conference(id);
}

std::string to_string(ItemType t) {
  switch (t) {
    case ItemType::kResolution:
      return "resolution";
    case ItemType::kElection:
      return "election";
    case ItemType::kAgreement:
      return "agreement";
    case ItemType::kConsultation:
      return "consultation";
  }
  return "?";
}

std::string to_string(ItemStatus s) {
  switch (s) {
    case ItemStatus::kPending:
      return "pending";
    case ItemStatus::kOpen:
      return "open";
    case ItemStatus::kClosed:
      return "closed";
    case ItemStatus::kTallied:
      return "tallied";
  }
  return "?";
}

std::string to_string(ConferenceStatus s) {
  switch (s) {
    case ConferenceStatus::kCeremony:
      return "key ceremony";
    case ConferenceStatus::kReady:
      return "ready";
    case ConferenceStatus::kPublished:
      return "published";
  }
  return "?";
}

}  // namespace conclave::core
