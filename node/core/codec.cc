#include "node/core/codec.h"

namespace conclave::core {

Result<Point> decode_point(const std::string& bytes, const std::string& what, bool allow_identity) {
  Result<Point> p = Point::decode(as_bytes(bytes), allow_identity);
  if (!p) return Error(what + ": " + p.error().message());
  return p;
}

Result<Scalar> decode_scalar(const std::string& bytes, const std::string& what) {
  Result<Scalar> s = Scalar::decode(as_bytes(bytes));
  if (!s) return Error(what + ": " + s.error().message());
  return s;
}

Result<Hash32> decode_hash32(const std::string& bytes, const std::string& what) {
  if (bytes.size() != 32) return Error(what + " must be 32 bytes");
  Hash32 h;
  std::copy(bytes.begin(), bytes.end(), h.begin());
  return h;
}

Result<PublicKey> decode_key(const std::string& bytes, const std::string& what) {
  Result<PublicKey> k = decode_public_key(as_bytes(bytes));
  if (!k) return Error(what + ": " + k.error().message());
  return k;
}

std::string encode(const Point& p) {
  return to_string(p.view());
}
std::string encode(const Scalar& s) {
  return to_string(s.view());
}
std::string encode(ByteView b) {
  return to_string(b);
}

Result<Ciphertext> decode(const v1::CiphertextMsg& m, const std::string& what) {
  Result<Point> a = decode_point(m.alpha(), what + " α");
  if (!a) return a.error();
  Result<Point> b = decode_point(m.beta(), what + " β");
  if (!b) return b.error();
  return Ciphertext{*a, *b};
}

Result<RangeProof> decode(const v1::RangeProofMsg& m, const std::string& what) {
  if (m.challenges_size() != m.responses_size() || m.challenges_size() == 0 ||
      static_cast<uint64_t>(m.challenges_size()) > kMaxRange) {
    return Error(what + ": malformed range proof");
  }
  RangeProof p;
  for (int i = 0; i < m.challenges_size(); ++i) {
    Result<Scalar> c = decode_scalar(m.challenges(i), what + " challenge");
    if (!c) return c.error();
    Result<Scalar> v = decode_scalar(m.responses(i), what + " response");
    if (!v) return v.error();
    p.challenges.push_back(*c);
    p.responses.push_back(*v);
  }
  return p;
}

Result<EncryptedContest> decode(const v1::ContestMsg& m, const std::string& what) {
  EncryptedContest c;
  for (int i = 0; i < m.selections_size(); ++i) {
    Result<Ciphertext> ct = decode(m.selections(i), what + " selection " + std::to_string(i));
    if (!ct) return ct.error();
    c.selections.push_back(*ct);
  }
  for (int i = 0; i < m.selection_proofs_size(); ++i) {
    Result<RangeProof> p = decode(m.selection_proofs(i), what + " proof " + std::to_string(i));
    if (!p) return p.error();
    c.selection_proofs.push_back(std::move(*p));
  }
  Result<RangeProof> sum = decode(m.sum_proof(), what + " sum proof");
  if (!sum) return sum.error();
  c.sum_proof = std::move(*sum);
  return c;
}

Result<SchnorrProof> decode_schnorr(const v1::ScalarPair& m, const std::string& what) {
  Result<Scalar> c = decode_scalar(m.challenge(), what + " challenge");
  if (!c) return c.error();
  Result<Scalar> v = decode_scalar(m.response(), what + " response");
  if (!v) return v.error();
  return SchnorrProof{*c, *v};
}

Result<DleqProof> decode_dleq(const v1::ScalarPair& m, const std::string& what) {
  Result<SchnorrProof> p = decode_schnorr(m, what);
  if (!p) return p.error();
  return DleqProof{p->challenge, p->response};
}

v1::CiphertextMsg encode(const Ciphertext& c) {
  v1::CiphertextMsg m;
  m.set_alpha(encode(c.alpha));
  m.set_beta(encode(c.beta));
  return m;
}

v1::RangeProofMsg encode(const RangeProof& p) {
  v1::RangeProofMsg m;
  for (const Scalar& c : p.challenges) m.add_challenges(encode(c));
  for (const Scalar& v : p.responses) m.add_responses(encode(v));
  return m;
}

v1::ContestMsg encode(const EncryptedContest& c) {
  v1::ContestMsg m;
  for (const Ciphertext& ct : c.selections) *m.add_selections() = encode(ct);
  for (const RangeProof& p : c.selection_proofs) *m.add_selection_proofs() = encode(p);
  *m.mutable_sum_proof() = encode(c.sum_proof);
  return m;
}

v1::ScalarPair encode_pair(const Scalar& challenge, const Scalar& response) {
  v1::ScalarPair m;
  m.set_challenge(encode(challenge));
  m.set_response(encode(response));
  return m;
}

}  // namespace conclave::core
