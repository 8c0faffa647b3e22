// Conversions between protobuf messages and crypto values. Decoding
// validates every element (canonical scalars, valid points, identity refused
// where a key or ciphertext component is expected) and names the field in
// its error.
#pragma once

#include <string>

#include "conclave.pb.h"
#include "crypto/contest.h"
#include "crypto/dleq.h"
#include "crypto/identity.h"
#include "crypto/schnorr.h"

namespace conclave::core {

Result<Point> decode_point(const std::string& bytes, const std::string& what,
                           bool allow_identity = false);
Result<Scalar> decode_scalar(const std::string& bytes, const std::string& what);
Result<Hash32> decode_hash32(const std::string& bytes, const std::string& what);
Result<PublicKey> decode_key(const std::string& bytes, const std::string& what);

std::string encode(const Point& p);
std::string encode(const Scalar& s);
std::string encode(ByteView b);

Result<Ciphertext> decode(const v1::CiphertextMsg& m, const std::string& what);
Result<RangeProof> decode(const v1::RangeProofMsg& m, const std::string& what);
Result<EncryptedContest> decode(const v1::ContestMsg& m, const std::string& what);
Result<SchnorrProof> decode_schnorr(const v1::ScalarPair& m, const std::string& what);
Result<DleqProof> decode_dleq(const v1::ScalarPair& m, const std::string& what);

v1::CiphertextMsg encode(const Ciphertext& c);
v1::RangeProofMsg encode(const RangeProof& p);
v1::ContestMsg encode(const EncryptedContest& c);
v1::ScalarPair encode_pair(const Scalar& challenge, const Scalar& response);

}  // namespace conclave::core
