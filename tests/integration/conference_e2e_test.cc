// Whole conferences end to end through real processes: a real conclaved on
// loopback driven by the real `conclave` binary, exactly as an organizer,
// members and trustees would use them (tools/quickstart.sh in miniature).
// Known vote distributions must give exactly the expected counts and
// outcomes for every item kind and pass rule, and every illegal step must be
// refused with a clear message and leave the log as it was.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/integration/node_process.h"
#include "tests/temp_dir.h"

#ifndef CONCLAVE_BIN
#error "CONCLAVE_BIN (the conclave client binary) must be defined by the build"
#endif

namespace conclave::testing {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

const char* const kNames[] = {"Nguyễn Văn An", "Trần Thị Bình",   "Lê Văn Cường",  "Phạm Thị Dung",
                              "Hoàng Văn Em",  "Huỳnh Thị Giang", "Phan Văn Hùng", "Vũ Thị Hoa",
                              "Võ Văn Khánh",  "Đặng Thị Lan",    "Bùi Văn Minh",  "Đỗ Thị Ngọc"};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string member_id(int i) {
  return (i < 10 ? "S0" : "S") + std::to_string(i);
}

std::vector<uint64_t> counts_of(const json& item) {
  std::vector<uint64_t> out;
  for (const json& c : item.at("counts")) out.push_back(c.at("count").get<uint64_t>());
  return out;
}

// One unit: a node with an organizer and members S01..Snn, each holding an
// unprotected key file and enrolled with the code the organizer issued.
class Unit {
 public:
  explicit Unit(int members) {
    fs::create_directories(keys_);
    must(run_local(
        {"key", "new", "--out", organizer(), "--name", "Ban tổ chức hội nghị", "--no-passphrase"}));
    node_ = std::make_unique<NodeProcess>(dir_.path(), "conclave.vn/thu-nghiem/e2e", organizer());
    node_->start();
    std::string csv = "id,full_name,role\n";
    for (int i = 1; i <= members; ++i) {
      const std::string id = member_id(i);
      must(run_local({"key", "new", "--out", key(id), "--name", id, "--no-passphrase"}));
      csv += id + ",\"" + kNames[(i - 1) % 12] + "\",Chuyên viên\n";
    }
    const fs::path csv_path = dir_.path() / "staff.csv";
    std::ofstream(csv_path) << csv;
    const json added =
        ok({"member", "add", "--organizer", organizer(), "--csv", csv_path.string()});
    if (added.size() != static_cast<size_t>(members)) {
      throw std::runtime_error("member add registered " + std::to_string(added.size()));
    }
    for (const json& row : added) {
      const std::string id = row.at("id");
      ok({"member", "enroll", "--id", id, "--code", row.at("code"), "--key", key(id)});
    }
  }

  std::string organizer() const { return (keys_ / "organizer.key").string(); }
  std::string key(const std::string& id) const { return (keys_ / (id + ".key")).string(); }
  fs::path path(const std::string& name) const { return dir_.path() / name; }

  // conclave --node NODE args...
  CliRun cli(std::vector<std::string> args) const {
    return run_cli(CONCLAVE_BIN, node_->address(), std::move(args));
  }
  // The command with --json; throws unless it succeeds.
  json ok(std::vector<std::string> args) const {
    args.insert(args.begin(), "--json");
    CliRun r = cli(args);
    if (r.rc != 0) {
      throw std::runtime_error(describe_cli(args) + " failed (exit " + std::to_string(r.rc) +
                               "):\n" + r.out);
    }
    return parse_cli_json(r.out);
  }
  // The command must fail with a message containing `why` and write nothing.
  std::string refused(const std::vector<std::string>& args, const std::string& why) const {
    const uint64_t before = log_size();
    CliRun r = cli(args);
    EXPECT_NE(r.rc, 0) << describe_cli(args) << " succeeded:\n" << r.out;
    EXPECT_NE(r.out.find("conclave: error: "), std::string::npos) << describe_cli(args) << ":\n"
                                                                  << r.out;
    EXPECT_NE(r.out.find(why), std::string::npos)
        << describe_cli(args) << " should say \"" << why << "\":\n"
        << r.out;
    EXPECT_EQ(log_size(), before) << describe_cli(args) << " wrote to the log";
    return r.out;
  }
  uint64_t log_size() const { return ok({"log", "checkpoint"}).at("tree_size").get<uint64_t>(); }

  std::string create_conference(const std::string& yaml, const std::string& id) const {
    const fs::path agenda = dir_.path() / (id + ".yaml");
    std::ofstream(agenda) << yaml;
    const json r = ok({"conference", "create", "--organizer", organizer(), "--agenda",
                       agenda.string(), "--id", id});
    return r.at("conference");
  }

  // The trustees run their ceremony rounds at the same time, as separate
  // processes, and all end with the same joint key.
  void ceremony(const std::string& cid, const std::vector<std::string>& trustees) const {
    std::vector<CliRun> runs(trustees.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < trustees.size(); ++i) {
      threads.emplace_back([&, i] {
        runs[i] = cli({"--json", "trustee", "ceremony", "--conference", cid, "--key",
                       key(trustees[i]), "--timeout", "60"});
      });
    }
    for (auto& t : threads) t.join();
    std::string joint;
    for (size_t i = 0; i < runs.size(); ++i) {
      if (runs[i].rc != 0) {
        throw std::runtime_error("ceremony of " + trustees[i] + " failed:\n" + runs[i].out);
      }
      const json j = parse_cli_json(runs[i].out);
      EXPECT_EQ(j.at("trustee").get<uint32_t>(), i + 1);
      EXPECT_EQ(j.at("qualified").size(), trustees.size());
      if (i == 0) joint = j.at("joint_key");
      EXPECT_EQ(j.at("joint_key").get<std::string>(), joint);
    }
  }

  json checkin(const std::string& cid, const std::string& id) const {
    return ok({"checkin", "--conference", cid, "--key", key(id)});
  }
  std::vector<std::string> item_cmd(const std::string& what, const std::string& cid,
                                    const std::string& item) const {
    return {"item", what, "--conference", cid, "--item", item, "--organizer", organizer()};
  }
  void open(const std::string& cid, const std::string& item) const {
    ok(item_cmd("open", cid, item));
  }
  std::vector<std::string> vote_cmd(const std::string& cid, const std::string& item,
                                    const std::string& voter, const std::string& choice) const {
    return {"vote", "--conference", cid, "--item", item, "--key", key(voter), "--choice", choice};
  }
  json vote(const std::string& cid, const std::string& item, const std::string& voter,
            const std::string& choice) const {
    const json j = ok(vote_cmd(cid, item, voter, choice));
    EXPECT_EQ(j.at("member"), voter);
    EXPECT_FALSE(j.at("spoiled").get<bool>());
    return j;
  }
  void votes(const std::string& cid, const std::string& item,
             const std::vector<std::pair<std::string, std::string>>& ballots) const {
    for (const auto& [voter, choice] : ballots) vote(cid, item, voter, choice);
  }
  std::vector<std::string> decrypt_cmd(const std::string& cid, const std::string& item,
                                       const std::string& trustee) const {
    return {"trustee", "decrypt", "--conference", cid, "--item", item, "--key", key(trustee)};
  }
  // Close, decrypt by S01 and S03 (trustee 2, S02, stays away), publish.
  json close_and_tally(const std::string& cid, const std::string& item) const {
    ok(item_cmd("close", cid, item));
    for (const char* t : {"S01", "S03"}) {
      const json d = ok(decrypt_cmd(cid, item, t));
      EXPECT_EQ(d.at("item"), item);
    }
    const json r = ok(item_cmd("tally", cid, item));
    EXPECT_EQ(r.at("status"), "tallied");
    EXPECT_EQ(r.at("trustees_used"), json::array({1, 3}));
    return r;
  }

 private:
  static void must(const CliRun& r) {
    if (r.rc != 0) throw std::runtime_error("conclave failed:\n" + r.out);
  }
  CliRun run_local(std::vector<std::string> args) const {
    args.insert(args.begin(), CONCLAVE_BIN);
    CliRun r;
    r.rc = run_program(args, &r.out);
    return r;
  }

  TempDir dir_;
  fs::path keys_ = dir_.path() / "keys";
  std::unique_ptr<NodeProcess> node_;
};

void expect_result(const json& r, const std::vector<uint64_t>& counts, uint64_t ballots,
                   uint64_t attendees, uint64_t roster, const std::string& outcome) {
  SCOPED_TRACE("item " + r.at("id").get<std::string>());
  EXPECT_EQ(counts_of(r), counts);
  EXPECT_EQ(r.at("ballots_counted").get<uint64_t>(), ballots);
  EXPECT_EQ(r.at("attendees").get<uint64_t>(), attendees);
  EXPECT_EQ(r.at("roster_size").get<uint64_t>(), roster);
  EXPECT_EQ(r.at("outcome"), outcome);
}

// Roster S01..S10 (S11 is a registered, enrolled member left off it): the
// quorum of 2/3 needs 7; eight members attend.
constexpr const char* kWorkersAgenda = R"(title: "Hội nghị người lao động năm 2027"
kind: workers
roster: [S01, S02, S03, S04, S05, S06, S07, S08, S09, S10]
quorum: "2/3"
secretary: S05
trustees: {threshold: 2, members: [S01, S02, S03]}
items:
  - {id: r-tie, type: resolution, title: "Nghị quyết về giờ làm việc"}
  - {id: r-half, type: resolution, title: "Nghị quyết về quỹ khen thưởng"}
  - {id: r-abstain, type: resolution, title: "Nghị quyết về đồng phục"}
  - {id: r-main, type: resolution, title: "Nghị quyết hội nghị người lao động năm 2027"}
  - {id: r-votes, type: resolution, title: "Nghị quyết về nhà ăn", rule: {fraction: "2/3", base: votes, inclusive: true}}
  - {id: a-pass, type: agreement, title: "Thỏa ước lao động tập thể 2027"}
  - {id: a-fail, type: agreement, title: "Phụ lục thỏa ước về làm thêm giờ"}
)";

TEST(ConferenceE2E, ResolutionsAgreementsQuorumAndRefusals) {
  Unit u(11);
  const std::string cid = u.create_conference(kWorkersAgenda, "hn-nld-2027");
  u.ceremony(cid, {"S01", "S02", "S03"});
  json show = u.ok({"conference", "show", "--conference", cid});
  EXPECT_EQ(show.at("status"), "ready");
  EXPECT_EQ(show.at("roster_size").get<uint64_t>(), 10u);
  EXPECT_EQ(show.at("quorum_needed").get<uint64_t>(), 7u);

  // Quorum missed by one: the item does not open, then one more check-in
  // and it does.
  json in;
  for (const char* id : {"S01", "S02", "S03", "S04", "S05", "S06"}) in = u.checkin(cid, id);
  EXPECT_EQ(in.at("present").get<uint64_t>(), 6u);
  EXPECT_EQ(in.at("quorum_needed").get<uint64_t>(), 7u);
  u.refused(u.item_cmd("open", cid, "r-tie"), "no quorum: 6 of 10 checked in, 7 needed");
  in = u.checkin(cid, "S07");
  EXPECT_EQ(in.at("present").get<uint64_t>(), 7u);
  u.refused({"checkin", "--conference", cid, "--key", u.key("S07")}, "already checked in");
  u.refused({"checkin", "--conference", cid, "--key", u.key("S11")}, "not on the roster");
  u.refused({"checkin", "--conference", "hn-khong-co", "--key", u.key("S08")}, "no conference");
  EXPECT_EQ(u.checkin(cid, "S08").at("present").get<uint64_t>(), 8u);

  // Voting before the item opens; unknown items.
  u.refused(u.vote_cmd(cid, "r-tie", "S01", "approve"), "not open");
  u.refused(u.vote_cmd(cid, "r-nope", "S01", "approve"), "has no item \"r-nope\"");
  u.refused(u.item_cmd("open", cid, "r-nope"), "has no item \"r-nope\"");
  u.refused(u.item_cmd("close", cid, "r-tie"), "not open");
  u.refused({"item", "open", "--conference", cid, "--item", "r-tie", "--organizer", u.key("S04")},
            "only an organizer");

  // r-tie: 4 approve, 4 reject of 8 attendees → fails.
  u.open(cid, "r-tie");
  u.refused(u.item_cmd("open", cid, "r-half"), "one at a time");
  u.refused(u.item_cmd("open", cid, "r-tie"), "already open");
  u.refused(u.vote_cmd(cid, "r-tie", "S11", "approve"), "not on the roster");
  u.refused(u.vote_cmd(cid, "r-tie", "S09", "approve"), "has not checked in");
  u.refused(u.vote_cmd(cid, "r-tie", "S01", "yes"), "is not approve, reject, abstain or blank");
  u.votes(cid, "r-tie",
          {{"S01", "approve"},
           {"S02", "approve"},
           {"S03", "approve"},
           {"S04", "approve"},
           {"S05", "reject"},
           {"S06", "reject"},
           {"S07", "reject"},
           {"S08", "reject"}});
  u.ok(u.item_cmd("close", cid, "r-tie"));
  u.refused(u.vote_cmd(cid, "r-tie", "S01", "reject"), "r-tie is closed, not open");
  // Shares: not from a non-trustee, never twice, and fewer than the
  // threshold cannot be tallied.
  u.refused(u.decrypt_cmd(cid, "r-tie", "S05"), "not a trustee");
  u.refused(u.item_cmd("tally", cid, "r-tie"), "at least 2 trustees, got 0");
  u.ok(u.decrypt_cmd(cid, "r-tie", "S01"));
  u.refused(u.decrypt_cmd(cid, "r-tie", "S01"), "already decrypted");
  u.refused(u.item_cmd("tally", cid, "r-tie"), "at least 2 trustees, got 1");
  u.ok(u.decrypt_cmd(cid, "r-tie", "S03"));
  json r = u.ok(u.item_cmd("tally", cid, "r-tie"));
  EXPECT_EQ(r.at("trustees_used"), json::array({1, 3}));
  expect_result(r, {4, 4, 0}, 8, 8, 10, "failed");
  u.refused(u.item_cmd("tally", cid, "r-tie"), "tallied, not closed");
  u.refused(u.decrypt_cmd(cid, "r-tie", "S02"), "closed items only");
  u.refused(u.item_cmd("open", cid, "r-tie"), "already tallied");

  // r-half: exactly half approve (4 of 8) fails; a blank ballot counts as a
  // ballot but for no option.
  u.open(cid, "r-half");
  u.votes(cid, "r-half",
          {{"S01", "approve"},
           {"S02", "approve"},
           {"S03", "approve"},
           {"S04", "approve"},
           {"S05", "reject"},
           {"S06", "reject"},
           {"S07", "abstain"},
           {"S08", "blank"}});
  expect_result(u.close_and_tally(cid, "r-half"), {4, 2, 1}, 8, 8, 10, "failed");

  // r-abstain: everyone abstains → fails.
  u.open(cid, "r-abstain");
  for (int i = 1; i <= 8; ++i) u.vote(cid, "r-abstain", member_id(i), "abstain");
  expect_result(u.close_and_tally(cid, "r-abstain"), {0, 0, 8}, 8, 8, 10, "failed");

  // r-main: S01 changes its mind (the last ballot counts); S02 first spoils
  // an "abstain" ballot (Benaloh check, never counted), then votes; S07 votes
  // blank; S08 does not vote. 5 approve of 8 attendees → passes.
  u.open(cid, "r-main");
  u.vote(cid, "r-main", "S01", "reject");
  u.vote(cid, "r-main", "S01", "approve");
  std::vector<std::string> spoil = u.vote_cmd(cid, "r-main", "S02", "abstain");
  spoil.push_back("--spoil");
  const json spoiled = u.ok(spoil);
  EXPECT_TRUE(spoiled.at("spoiled").get<bool>());
  u.vote(cid, "r-main", "S02", "reject");
  const std::string receipt = u.path("receipt-S03-r-main.json").string();
  std::vector<std::string> with_receipt = u.vote_cmd(cid, "r-main", "S03", "approve");
  with_receipt.insert(with_receipt.end(), {"--receipt", receipt});
  const json cast = u.ok(with_receipt);
  u.votes(cid, "r-main",
          {{"S04", "approve"}, {"S05", "approve"}, {"S06", "approve"}, {"S07", "blank"}});
  json pending = u.ok({"result", "--conference", cid, "--item", "r-main"});
  EXPECT_EQ(pending.at("status"), "open");
  EXPECT_EQ(pending.at("ballots_received").get<uint64_t>(), 8u);
  EXPECT_EQ(pending.at("spoiled").get<uint64_t>(), 1u);
  r = u.close_and_tally(cid, "r-main");
  expect_result(r, {5, 1, 0}, 7, 8, 10, "passed");
  EXPECT_EQ(r.at("ballots_received").get<uint64_t>(), 8u);
  EXPECT_EQ(r.at("spoiled").get<uint64_t>(), 1u);

  // The receipt of S03's ballot verifies, offline and against the node.
  const json verified = u.ok({"receipt", "verify", receipt});
  EXPECT_TRUE(verified.at("ok").get<bool>()) << verified.dump(2);
  EXPECT_EQ(verified.at("tracking_code"), cast.at("tracking_code"));
  for (const json& c : verified.at("checks")) EXPECT_TRUE(c.at("ok").get<bool>()) << c.dump();

  // r-votes: at least 2/3 of the ballots cast; 4 approve of 6 ballots is
  // exactly 2/3 → passes (it would fail against the 8 attendees).
  u.open(cid, "r-votes");
  u.votes(cid, "r-votes",
          {{"S01", "approve"},
           {"S02", "approve"},
           {"S03", "approve"},
           {"S04", "approve"},
           {"S05", "reject"},
           {"S06", "reject"}});
  expect_result(u.close_and_tally(cid, "r-votes"), {4, 2, 0}, 6, 8, 10, "passed");

  // a-pass: an agreement needs more than half of the whole roster (10), not
  // of the 8 present: 6 approve → passes.
  u.open(cid, "a-pass");
  u.votes(cid, "a-pass",
          {{"S01", "approve"},
           {"S02", "approve"},
           {"S03", "approve"},
           {"S04", "approve"},
           {"S05", "approve"},
           {"S06", "approve"},
           {"S07", "reject"},
           {"S08", "abstain"}});
  expect_result(u.close_and_tally(cid, "a-pass"), {6, 1, 1}, 8, 8, 10, "passed");

  // a-fail: 5 approve is a majority of those present but exactly half of the
  // roster → fails.
  u.open(cid, "a-fail");
  u.votes(cid, "a-fail",
          {{"S01", "approve"},
           {"S02", "approve"},
           {"S03", "approve"},
           {"S04", "approve"},
           {"S05", "approve"},
           {"S06", "reject"},
           {"S07", "reject"},
           {"S08", "reject"}});
  expect_result(u.close_and_tally(cid, "a-fail"), {5, 3, 0}, 8, 8, 10, "failed");

  // The whole conference, read back from the log.
  show = u.ok({"result", "--conference", cid});
  EXPECT_EQ(show.at("present").get<uint64_t>(), 8u);
  std::vector<std::string> outcomes;
  for (const json& item : show.at("items")) outcomes.push_back(item.at("outcome"));
  EXPECT_EQ(outcomes, (std::vector<std::string>{"failed", "failed", "failed", "passed", "passed",
                                                "passed", "failed"}));
}

// Roster: all nine members, quorum 6; eight attend.
constexpr const char* kStaffAgenda = R"(title: "Hội nghị cán bộ, công chức năm 2027"
kind: staff
roster: all
secretary: S05
trustees: {threshold: 2, members: [S01, S02, S03]}
items:
  - {id: c1, type: consultation, title: "Góp ý dự thảo Quy chế chi tiêu nội bộ", window_seconds: 2, sections: ["Điều 1. Phạm vi điều chỉnh", "Điều 2. Mức chi công tác phí", "Điều 3. Chi phúc lợi"]}
  - {id: e-main, type: election, title: "Bầu Ban Thanh tra nhân dân nhiệm kỳ 2027–2029", seats: 2, candidates: [S04, S05, S06, S07]}
  - {id: e-tie, type: election, title: "Bầu Ban Chấp hành Công đoàn", seats: 2, candidates: [S04, S05, S06]}
)";

TEST(ConferenceE2E, ElectionsConsultationCommentsAndMinutes) {
  Unit u(9);
  const std::string cid = u.create_conference(kStaffAgenda, "hn-cbcc-2027");
  const std::string md = u.path("bien-ban.md").string();
  const std::string html = u.path("bien-ban.html").string();
  const std::vector<std::string> minutes = {
      "minutes",    "--conference", cid, "--organizer", u.organizer(), "--secretary",
      u.key("S05"), "--md",         md,  "--html",      html};
  u.refused(u.item_cmd("open", cid, "c1"), "key ceremony");
  u.ceremony(cid, {"S01", "S02", "S03"});
  for (int i = 1; i <= 8; ++i) u.checkin(cid, member_id(i));
  u.refused(minutes, "every item needs a published result");

  // The consultation opens first and its window runs while the elections
  // are voted; it cannot be closed early.
  u.open(cid, "c1");
  const auto c1_opened = std::chrono::system_clock::now();
  u.refused(u.item_cmd("close", cid, "c1"), "consultation window of c1 has not ended");
  auto respond = [&](const std::string& who, std::vector<std::string> answers) {
    std::vector<std::string> args = {"respond", "--conference", cid,       "--item",
                                     "c1",      "--key",        u.key(who)};
    args.insert(args.end(), answers.begin(), answers.end());
    return args;
  };
  u.ok(respond("S01", {"--section", "1=agree", "--section", "2=disagree", "--section", "3=agree",
                       "--comment", "2=Đề nghị nâng mức chi công tác phí cho địa bàn xa."}));
  u.ok(respond("S02", {"--section", "1=agree", "--section", "2=agree", "--section", "3=abstain",
                       "--comment", "Điều 3. Chi phúc lợi=Đề nghị bổ sung chi thăm hỏi ốm đau."}));
  u.ok(respond("S03", {"--section", "1=agree", "--section", "2=agree", "--section", "3=agree"}));
  // A re-answer replaces the earlier one; S09 answers without attending
  // (consultations run outside the session) and skips section 3.
  u.ok(respond("S03", {"--section", "1=disagree", "--section", "2=agree", "--section", "3=agree"}));
  u.ok(respond("S09", {"--section", "1=disagree", "--section", "2=agree"}));
  u.refused(respond("S04", {"--section", "4=agree"}), "no section \"4\"");
  u.refused(respond("S04", {"--section", "1=maybe"}), "is not agree, disagree or abstain");
  u.refused(u.vote_cmd(cid, "c1", "S04", "approve"), "use conclave respond");

  // e-main: 2 seats, each winner needs more than 4 of 8. S04 6, S05 5 are
  // elected; S06 and S07 get 1 each; S08 casts a blank ballot.
  u.open(cid, "e-main");
  u.refused(u.vote_cmd(cid, "e-main", "S08", "S04,S05,S06"), "at most 2 candidates");
  u.refused(u.vote_cmd(cid, "e-main", "S08", "S09"), "S09 is not a candidate");
  u.refused(u.vote_cmd(cid, "e-main", "S08", "S04,S04"), "chosen twice");
  u.votes(cid, "e-main",
          {{"S01", "S04,S05"},
           {"S02", "S04,S05"},
           {"S03", "S05,S04"},
           {"S04", "S04,S05"},
           {"S05", "S04,S05"},
           {"S06", "S04,S06"},
           {"S07", "S07"},
           {"S08", "blank"}});
  json r = u.close_and_tally(cid, "e-main");
  expect_result(r, {6, 5, 1, 1}, 8, 8, 9, "elected");
  EXPECT_EQ(r.at("elected"), json::array({"S04", "S05"}));

  // e-tie: S04 6, S05 5, S06 5 — all three have a majority, but S05 and S06
  // tie for the second seat: only S04 is elected and the outcome is "tie".
  u.open(cid, "e-tie");
  u.votes(cid, "e-tie",
          {{"S01", "S04,S05"},
           {"S02", "S04,S05"},
           {"S03", "S04,S05"},
           {"S04", "S04,S06"},
           {"S05", "S04,S06"},
           {"S06", "S04,S06"},
           {"S07", "S05,S06"},
           {"S08", "S05,S06"}});
  r = u.close_and_tally(cid, "e-tie");
  expect_result(r, {6, 5, 5}, 8, 8, 9, "tie");
  EXPECT_EQ(r.at("elected"), json::array({"S04"}));

  // The window (2 s) has ended by now or soon: close, tally, answer.
  std::this_thread::sleep_until(c1_opened + 2200ms);
  r = u.close_and_tally(cid, "c1");
  u.refused(respond("S04", {"--section", "1=agree"}), "not open");
  // Per section: agree, disagree, abstain.
  expect_result(r, {2, 2, 0, 3, 1, 0, 2, 0, 1}, 4, 8, 9, "recorded");
  ASSERT_EQ(r.at("comments").size(), 2u) << r.dump(2);
  std::string code_s01, code_s02;
  for (const json& c : r.at("comments")) {
    EXPECT_FALSE(c.at("answered").get<bool>());
    if (c.at("member") == "S01") {
      code_s01 = c.at("tracking_code");
      EXPECT_EQ(c.at("section").get<int>(), 2);
      EXPECT_EQ(c.at("text"), "Đề nghị nâng mức chi công tác phí cho địa bàn xa.");
    } else {
      EXPECT_EQ(c.at("member"), "S02");
      code_s02 = c.at("tracking_code");
      EXPECT_EQ(c.at("section").get<int>(), 3);
      EXPECT_EQ(c.at("section_title"), "Điều 3. Chi phúc lợi");
    }
  }
  const fs::path responses = u.path("responses.yaml");
  std::ofstream(responses) << "- {comment: " << code_s01
                           << ", section: 2, decision: accepted, text: \"Tiếp thu: nâng mức chi "
                              "cho địa bàn cách trụ sở trên 100 km.\"}\n"
                           << "- {comment: " << code_s02
                           << ", section: 3, decision: explained, text: \"Giải trình: đã quy "
                              "định tại Quy chế của Công đoàn.\"}\n";
  const std::vector<std::string> answer = {
      "respond-to-comments", "--conference", cid,      "--item",          "c1",
      "--organizer",         u.organizer(),  "--file", responses.string()};
  EXPECT_EQ(u.ok(answer).at("responses").get<int>(), 2);
  u.refused(answer, "already been answered");
  r = u.ok({"result", "--conference", cid, "--item", "c1"});
  for (const json& c : r.at("comments")) EXPECT_TRUE(c.at("answered").get<bool>()) << c.dump();

  // The minutes, signed by the organizer and the secretary.
  const json signed_minutes = u.ok(minutes);
  EXPECT_EQ(signed_minutes.at("status"), "published");
  const std::string md_text = slurp(md), html_text = slurp(html);
  for (const std::string& text : {md_text, html_text}) {
    EXPECT_NE(text.find("BIÊN BẢN"), std::string::npos) << text;
    for (const char* title :
         {"Góp ý dự thảo Quy chế chi tiêu nội bộ", "Bầu Ban Thanh tra nhân dân nhiệm kỳ 2027–2029",
          "Bầu Ban Chấp hành Công đoàn", "Hội nghị cán bộ, công chức năm 2027"}) {
      EXPECT_NE(text.find(title), std::string::npos) << title;
    }
  }
  EXPECT_NE(html_text.find("<html"), std::string::npos);
  EXPECT_EQ(u.ok({"conference", "show", "--conference", cid}).at("status"), "published");
  u.refused({"checkin", "--conference", cid, "--key", u.key("S09")}, "the conference has ended");
}

// Items nobody voted on still close, decrypt and tally (to zeros), so the
// minutes can be signed.
constexpr const char* kEmptyAgenda = R"(title: "Hội nghị bất thường"
trustees: {threshold: 2, members: [S01, S02, S03]}
items:
  - {id: r-empty, type: resolution, title: "Nghị quyết không ai biểu quyết"}
  - {id: e-empty, type: election, title: "Bầu cử không ai bỏ phiếu", seats: 1, candidates: [S04, S05]}
  - {id: c-empty, type: consultation, title: "Lấy ý kiến không ai trả lời", window_seconds: 1, sections: ["Điều 1"]}
)";

// A roster goes in one SubmitBatch call and every row is answered on its
// own: signed by a key that is not an organizer's, each row is refused with
// the node's reason and no codes file is written. A file listing a member
// twice is refused before anything is sent.
TEST(ConferenceE2E, RosterImportReportsEveryRow) {
  Unit u(2);
  const uint64_t before = u.log_size();
  const fs::path csv = u.path("more.csv");
  std::ofstream(csv) << "id,full_name,role\n"
                        "S03,\"Lê Văn Cường\",Chuyên viên\n"
                        "S04,\"Phạm Thị Dung\",\n";
  const fs::path codes = u.path("codes.csv");
  CliRun r = u.cli({"member", "add", "--organizer", u.key("S01"), "--csv", csv.string(),
                    "--codes-out", codes.string()});
  EXPECT_NE(r.rc, 0) << r.out;
  EXPECT_NE(r.out.find("member S03: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("member S04: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("organizer"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 of 2 members were refused"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(codes));
  EXPECT_EQ(u.log_size(), before);

  const json added = u.ok({"member", "add", "--organizer", u.organizer(), "--csv", csv.string(),
                           "--codes-out", codes.string()});
  ASSERT_EQ(added.size(), 2u);
  EXPECT_EQ(added[1].at("index").get<uint64_t>(), added[0].at("index").get<uint64_t>() + 1);
  EXPECT_NE(slurp(codes).find("S04,"), std::string::npos);

  std::ofstream(csv, std::ios::app) << "S03,\"Lê Văn Cường\",Chuyên viên\n";
  u.refused({"member", "add", "--organizer", u.organizer(), "--csv", csv.string()},
            "member S03 is listed twice");
}

TEST(ConferenceE2E, ItemsWithoutBallots) {
  Unit u(5);
  const std::string cid = u.create_conference(kEmptyAgenda, "hn-rong");
  u.ceremony(cid, {"S01", "S02", "S03"});
  for (int i = 1; i <= 4; ++i) u.checkin(cid, member_id(i));
  u.open(cid, "c-empty");
  const auto c_opened = std::chrono::system_clock::now();
  u.open(cid, "r-empty");
  expect_result(u.close_and_tally(cid, "r-empty"), {0, 0, 0}, 0, 4, 5, "failed");
  u.open(cid, "e-empty");
  json r = u.close_and_tally(cid, "e-empty");
  expect_result(r, {0, 0}, 0, 4, 5, "failed");
  EXPECT_TRUE(r.at("elected").empty());
  std::this_thread::sleep_until(c_opened + 1200ms);
  r = u.close_and_tally(cid, "c-empty");
  expect_result(r, {0, 0, 0}, 0, 4, 5, "recorded");
  EXPECT_TRUE(r.at("comments").empty());
  const json m = u.ok(
      {"minutes", "--conference", cid, "--organizer", u.organizer(), "--secretary", u.key("S02")});
  EXPECT_EQ(m.at("status"), "published");
}

}  // namespace
}  // namespace conclave::testing
