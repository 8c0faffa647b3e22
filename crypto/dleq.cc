#include "crypto/dleq.h"

namespace conclave {
namespace {

Scalar challenge(const ProofBinding& b, const Point& X, const Point& A, const Point& Y,
                 const Point& a, const Point& bb) {
  Transcript t("dleq");
  b.add_to(t);
  t.add(X).add(A).add(Y).add(a).add(bb);
  return t.challenge();
}

}  // namespace

DleqProof dleq_prove(const Scalar& x, const Point& X, const Point& A, const Point& Y,
                     const ProofBinding& binding) {
  const Scalar k = Scalar::random();
  const Scalar c = challenge(binding, X, A, Y, Point::base_mul(k), A * k);
  return {c, k - c * x};
}

Status dleq_verify(const Point& X, const Point& A, const Point& Y, const DleqProof& proof,
                   const ProofBinding& binding) {
  if (X.is_identity()) return Error("equality proof: public key is the identity");
  const Point a = Point::base_mul(proof.response) + X * proof.challenge;
  const Point b = A * proof.response + Y * proof.challenge;
  if (!(challenge(binding, X, A, Y, a, b) == proof.challenge)) {
    return Error("equality-of-logs proof does not verify");
  }
  return Status::Ok();
}

}  // namespace conclave
