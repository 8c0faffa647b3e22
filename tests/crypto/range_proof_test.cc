#include "crypto/range_proof.h"

#include <gtest/gtest.h>

#include "tests/crypto/test_util.h"

namespace conclave {
namespace {

using testing::test_binding;
using testing::tweak;

struct ElectionKey {
  Point K = Point::base_mul(Scalar::random());
};

TEST(RangeProof, EveryValueInRangeVerifies) {
  ElectionKey s;
  for (uint64_t L : {1, 2, 3, 5}) {
    for (uint64_t j = 0; j <= L; ++j) {
      Scalar r = Scalar::random();
      Ciphertext ct = elgamal_encrypt(s.K, j, r);
      Result<RangeProof> p = range_prove(s.K, ct, r, j, 0, L, test_binding());
      ASSERT_TRUE(p);
      EXPECT_TRUE(range_verify(s.K, ct, 0, L, *p, test_binding())) << "L=" << L << " j=" << j;
    }
  }
}

TEST(RangeProof, NonZeroLowerBound) {
  ElectionKey s;
  for (uint64_t j = 2; j <= 4; ++j) {
    Scalar r = Scalar::random();
    Ciphertext ct = elgamal_encrypt(s.K, j, r);
    EXPECT_TRUE(range_verify(s.K, ct, 2, 4, *range_prove(s.K, ct, r, j, 2, 4, test_binding()),
                             test_binding()));
  }
  Scalar r = Scalar::random();
  EXPECT_FALSE(range_prove(s.K, elgamal_encrypt(s.K, 1, r), r, 1, 2, 4, test_binding()));
}

TEST(RangeProof, ValueAboveRangeCannotBeProven) {
  ElectionKey s;
  for (uint64_t L : {1, 3}) {
    Scalar r = Scalar::random();
    Ciphertext ct = elgamal_encrypt(s.K, L + 1, r);
    EXPECT_FALSE(range_prove(s.K, ct, r, L + 1, 0, L, test_binding()));
    // Lying about the value: claim j = L for an encryption of L + 1.
    Result<RangeProof> forged = range_prove(s.K, ct, r, L, 0, L, test_binding());
    ASSERT_TRUE(forged);
    EXPECT_FALSE(range_verify(s.K, ct, 0, L, *forged, test_binding()));
  }
}

TEST(RangeProof, TamperedFieldsReject) {
  ElectionKey s;
  Scalar r = Scalar::random();
  Ciphertext ct = elgamal_encrypt(s.K, 1, r);
  const RangeProof p = *range_prove(s.K, ct, r, 1, 0, 2, test_binding());
  for (size_t i = 0; i < 3; ++i) {
    RangeProof bad = p;
    bad.challenges[i] = tweak(bad.challenges[i]);
    EXPECT_FALSE(range_verify(s.K, ct, 0, 2, bad, test_binding())) << "challenge " << i;
    bad = p;
    bad.responses[i] = tweak(bad.responses[i]);
    EXPECT_FALSE(range_verify(s.K, ct, 0, 2, bad, test_binding())) << "response " << i;
  }
  EXPECT_FALSE(range_verify(tweak(s.K), ct, 0, 2, p, test_binding()));
  EXPECT_FALSE(range_verify(s.K, {tweak(ct.alpha), ct.beta}, 0, 2, p, test_binding()));
  EXPECT_FALSE(range_verify(s.K, {ct.alpha, tweak(ct.beta)}, 0, 2, p, test_binding()));
  EXPECT_FALSE(range_verify(s.K, ct, 1, 3, p, test_binding()));
  EXPECT_FALSE(range_verify(s.K, ct, 0, 1, p, test_binding()));
  RangeProof shorter = p;
  shorter.challenges.pop_back();
  shorter.responses.pop_back();
  EXPECT_FALSE(range_verify(s.K, ct, 0, 2, shorter, test_binding()));
}

TEST(RangeProof, BoundToContextVoterAndPosition) {
  ElectionKey s;
  Scalar r = Scalar::random();
  Ciphertext ct = elgamal_encrypt(s.K, 0, r);
  const RangeProof p = *range_prove(s.K, ct, r, 0, 0, 1, test_binding());
  ProofBinding b = test_binding();
  b.context[0] ^= 1;
  EXPECT_FALSE(range_verify(s.K, ct, 0, 1, p, b));
  b = test_binding();
  b.author[31] ^= 1;  // a proof made for another voter
  EXPECT_FALSE(range_verify(s.K, ct, 0, 1, p, b));
  EXPECT_FALSE(range_verify(s.K, ct, 0, 1, p, test_binding("test/1")));
}

TEST(RangeProof, RejectsIdentityComponents) {
  ElectionKey s;
  Scalar r = Scalar::random();
  Ciphertext ct = elgamal_encrypt(s.K, 0, r);
  const RangeProof p = *range_prove(s.K, ct, r, 0, 0, 1, test_binding());
  EXPECT_FALSE(range_verify(s.K, {Point(), ct.beta}, 0, 1, p, test_binding()));
  EXPECT_FALSE(range_verify(Point(), ct, 0, 1, p, test_binding()));
}

}  // namespace
}  // namespace conclave
