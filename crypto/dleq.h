// Chaum–Pedersen proof that two discrete logs are equal: log_G X = log_A Y.
//
// Used for decryption shares: X = K_j (the trustee's verification key),
// A = an aggregate's α, Y = M_j = s_j·α.
// Prover: k random, a = k·G, b = k·A,
//   c = H_scalar("dleq", Q, author, position, X, A, Y, a, b), v = k − c·x.
// Verifier: a' = v·G + c·X, b' = v·A + c·Y; accept iff c = H_scalar(…, a', b').
#pragma once

#include "crypto/binding.h"
#include "crypto/group.h"

namespace conclave {

struct DleqProof {
  Scalar challenge;
  Scalar response;
};

DleqProof dleq_prove(const Scalar& x, const Point& X, const Point& A, const Point& Y,
                     const ProofBinding& binding);
Status dleq_verify(const Point& X, const Point& A, const Point& Y, const DleqProof& proof,
                   const ProofBinding& binding);

}  // namespace conclave
