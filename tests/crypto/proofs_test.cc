// Schnorr and Chaum–Pedersen proofs: completeness, and rejection when any
// scalar, statement element or bound field is changed.
#include <gtest/gtest.h>

#include "crypto/dleq.h"
#include "crypto/schnorr.h"
#include "tests/crypto/test_util.h"

namespace conclave {
namespace {

using testing::test_binding;
using testing::tweak;

// Every binding that differs from test_binding() in one field.
std::vector<ProofBinding> rebound() {
  std::vector<ProofBinding> out(3, test_binding());
  out[0].context[5] ^= 1;
  out[1].author[0] ^= 1;
  out[2].position = "test/1";
  return out;
}

TEST(Schnorr, ProvesAndVerifies) {
  Scalar x = Scalar::random();
  Point X = Point::base_mul(x);
  SchnorrProof p = schnorr_prove(x, X, test_binding());
  EXPECT_TRUE(schnorr_verify(X, p, test_binding()));
}

TEST(Schnorr, TamperedFieldsReject) {
  Scalar x = Scalar::random();
  Point X = Point::base_mul(x);
  const SchnorrProof p = schnorr_prove(x, X, test_binding());
  SchnorrProof bad = p;
  bad.challenge = tweak(p.challenge);
  EXPECT_FALSE(schnorr_verify(X, bad, test_binding()));
  bad = p;
  bad.response = tweak(p.response);
  EXPECT_FALSE(schnorr_verify(X, bad, test_binding()));
  EXPECT_FALSE(schnorr_verify(tweak(X), p, test_binding()));
  EXPECT_FALSE(schnorr_verify(Point(), p, test_binding()));
  for (const auto& b : rebound()) EXPECT_FALSE(schnorr_verify(X, p, b)) << b.position;
}

TEST(Schnorr, WrongWitnessDoesNotVerify) {
  Point X = Point::base_mul(Scalar::random());
  EXPECT_FALSE(
      schnorr_verify(X, schnorr_prove(Scalar::random(), X, test_binding()), test_binding()));
}

TEST(Dleq, ProvesAndVerifies) {
  Scalar x = Scalar::random();
  Point X = Point::base_mul(x), A = Point::base_mul(Scalar::random());
  Point Y = A * x;
  EXPECT_TRUE(dleq_verify(X, A, Y, dleq_prove(x, X, A, Y, test_binding()), test_binding()));
  // An empty aggregate (α = identity) still has a valid share: the identity.
  EXPECT_TRUE(dleq_verify(X, Point(), Point(), dleq_prove(x, X, Point(), Point(), test_binding()),
                          test_binding()));
}

TEST(Dleq, TamperedFieldsReject) {
  Scalar x = Scalar::random();
  Point X = Point::base_mul(x), A = Point::base_mul(Scalar::random());
  Point Y = A * x;
  const DleqProof p = dleq_prove(x, X, A, Y, test_binding());
  DleqProof bad = p;
  bad.challenge = tweak(p.challenge);
  EXPECT_FALSE(dleq_verify(X, A, Y, bad, test_binding()));
  bad = p;
  bad.response = tweak(p.response);
  EXPECT_FALSE(dleq_verify(X, A, Y, bad, test_binding()));
  EXPECT_FALSE(dleq_verify(tweak(X), A, Y, p, test_binding()));
  EXPECT_FALSE(dleq_verify(X, tweak(A), Y, p, test_binding()));
  EXPECT_FALSE(dleq_verify(X, A, tweak(Y), p, test_binding()));
  for (const auto& b : rebound()) EXPECT_FALSE(dleq_verify(X, A, Y, p, b)) << b.position;
}

TEST(Dleq, UnequalLogsCannotBeProven) {
  Scalar x = Scalar::random();
  Point X = Point::base_mul(x), A = Point::base_mul(Scalar::random());
  Point Y = A * tweak(x);  // a wrong decryption share
  EXPECT_FALSE(dleq_verify(X, A, Y, dleq_prove(x, X, A, Y, test_binding()), test_binding()));
}

}  // namespace
}  // namespace conclave
