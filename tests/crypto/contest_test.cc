#include "crypto/contest.h"

#include <gtest/gtest.h>

#include "tests/crypto/test_util.h"

namespace conclave {
namespace {

using testing::test_binding;
using testing::tweak;

const ContestRules kResolution{"r1", 3, 0, 1};
const ContestRules kElection{"e1", 5, 0, 3};

struct Fixture {
  Scalar s = Scalar::random();
  Point K = Point::base_mul(s);
  Bytes seed = Bytes(32, 0x42);
};

TEST(Contest, ValidBallotsVerify) {
  Fixture f;
  for (auto choices : std::vector<std::vector<uint64_t>>{{1, 0, 0}, {0, 0, 1}, {0, 0, 0}}) {
    auto c = encrypt_contest(f.K, f.seed, kResolution, choices, test_binding());
    ASSERT_TRUE(c);
    EXPECT_TRUE(verify_contest(f.K, kResolution, *c, test_binding()));
    EXPECT_TRUE(contest_matches_seed(f.K, f.seed, kResolution, *c, choices));
    EXPECT_EQ(*contest_open_with_seed(f.K, f.seed, kResolution, *c), choices);
  }
  auto e = encrypt_contest(f.K, f.seed, kElection, {1, 0, 1, 1, 0}, test_binding());
  ASSERT_TRUE(e);
  EXPECT_TRUE(verify_contest(f.K, kElection, *e, test_binding()));
}

TEST(Contest, OverVotesCannotBeEncrypted) {
  Fixture f;
  EXPECT_FALSE(encrypt_contest(f.K, f.seed, kResolution, {1, 1, 0}, test_binding()));
  EXPECT_FALSE(encrypt_contest(f.K, f.seed, kResolution, {2, 0, 0}, test_binding()));
  EXPECT_FALSE(encrypt_contest(f.K, f.seed, kResolution, {1, 0}, test_binding()));
  EXPECT_FALSE(encrypt_contest(f.K, f.seed, kElection, {1, 1, 1, 1, 0}, test_binding()));
}

TEST(Contest, TamperingIsDetected) {
  Fixture f;
  const EncryptedContest c = *encrypt_contest(f.K, f.seed, kResolution, {0, 1, 0}, test_binding());
  EncryptedContest bad = c;
  bad.selections[1].beta = tweak(bad.selections[1].beta);
  EXPECT_FALSE(verify_contest(f.K, kResolution, bad, test_binding()));
  bad = c;
  std::swap(bad.selections[0], bad.selections[1]);  // proofs are bound to positions
  std::swap(bad.selection_proofs[0], bad.selection_proofs[1]);
  EXPECT_FALSE(verify_contest(f.K, kResolution, bad, test_binding()));
  bad = c;
  bad.sum_proof.responses[0] = tweak(bad.sum_proof.responses[0]);
  EXPECT_FALSE(verify_contest(f.K, kResolution, bad, test_binding()));
  ProofBinding other_voter = test_binding();
  other_voter.author[0] ^= 0xff;
  EXPECT_FALSE(verify_contest(f.K, kResolution, c, other_voter));
  EXPECT_FALSE(verify_contest(f.K, ContestRules{"r2", 3, 0, 1}, c, test_binding()));
  EXPECT_FALSE(contest_matches_seed(f.K, f.seed, kResolution, c, {1, 0, 0}));
  EXPECT_FALSE(contest_open_with_seed(f.K, Bytes(32, 1), kResolution, c));
}

}  // namespace
}  // namespace conclave
