#include "crypto/schnorr.h"

namespace conclave {
namespace {

Scalar challenge(const ProofBinding& b, const Point& X, const Point& R) {
  Transcript t("schnorr");
  b.add_to(t);
  t.add(X).add(R);
  return t.challenge();
}

}  // namespace

SchnorrProof schnorr_prove(const Scalar& x, const Point& X, const ProofBinding& binding) {
  const Scalar k = Scalar::random();
  const Scalar c = challenge(binding, X, Point::base_mul(k));
  return {c, k - c * x};
}

Status schnorr_verify(const Point& X, const SchnorrProof& proof, const ProofBinding& binding) {
  if (X.is_identity()) return Error("Schnorr proof: public value is the identity");
  const Point R = Point::base_mul(proof.response) + X * proof.challenge;
  if (!(challenge(binding, X, R) == proof.challenge)) {
    return Error("Schnorr proof does not verify");
  }
  return Status::Ok();
}

}  // namespace conclave
