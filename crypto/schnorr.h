// Schnorr proof of knowledge of x such that X = x·G.
//
// Prover: k random, R = k·G, c = H_scalar("schnorr", Q, author, position, X, R),
// v = k − c·x. Proof = (c, v).
// Verifier: R' = v·G + c·X and accept iff c = H_scalar(…, X, R').
// Fails when X is the identity, or when any bound field differs.
#pragma once

#include "crypto/binding.h"
#include "crypto/group.h"

namespace conclave {

struct SchnorrProof {
  Scalar challenge;
  Scalar response;
};

SchnorrProof schnorr_prove(const Scalar& x, const Point& X, const ProofBinding& binding);
Status schnorr_verify(const Point& X, const SchnorrProof& proof, const ProofBinding& binding);

}  // namespace conclave
