#include "crypto/group.h"

#include <gtest/gtest.h>

#include "crypto/transcript.h"

namespace conclave {
namespace {

Bytes hex(const char* s) {
  return *hex_decode(s);
}

TEST(Scalar, DecodeRejectsNonCanonical) {
  // ℓ itself and 2^256 − 1 are not canonical; ℓ − 1 is.
  EXPECT_FALSE(
      Scalar::decode(hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")));
  EXPECT_FALSE(Scalar::decode(Bytes(32, 0xff)));
  EXPECT_TRUE(
      Scalar::decode(hex("ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")));
  EXPECT_FALSE(Scalar::decode(Bytes(31, 0)));
  EXPECT_FALSE(Scalar::decode(Bytes(33, 0)));
}

TEST(Scalar, Arithmetic) {
  Scalar a = Scalar::random(), b = Scalar::random();
  EXPECT_EQ((a + b) - b, a);
  EXPECT_EQ(a * a.invert(), Scalar::from_u64(1));
  EXPECT_EQ(a + (-a), Scalar());
  EXPECT_EQ(Scalar::from_u64(6) * Scalar::from_u64(7), Scalar::from_u64(42));
  EXPECT_TRUE(Scalar().is_zero());
  EXPECT_EQ(*Scalar::decode(a.view()), a);
}

TEST(Point, DecodeRejectsBadEncodings) {
  // Non-canonical field elements and negative field elements (RFC 9496 A.2).
  const char* bad[] = {
      "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "0100000000000000000000000000000000000000000000000000000000000000",
      "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516ebebe0e20",
  };
  for (const char* b : bad) EXPECT_FALSE(Point::decode(hex(b), true)) << b;
  EXPECT_FALSE(Point::decode(Bytes(31, 0)));
}

TEST(Point, IdentityOnlyWhenAllowed) {
  Bytes zero(32, 0);
  EXPECT_FALSE(Point::decode(zero));
  ASSERT_TRUE(Point::decode(zero, true));
  EXPECT_TRUE(Point::decode(zero, true)->is_identity());
}

TEST(Point, GeneratorMatchesRfc9496) {
  EXPECT_EQ(hex_encode(Point::generator().view()),
            "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76");
  EXPECT_EQ(hex_encode(Point::base_mul(Scalar::from_u64(2)).view()),
            "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919");
}

TEST(Point, Arithmetic) {
  Scalar a = Scalar::random(), b = Scalar::random();
  Point A = Point::base_mul(a);
  EXPECT_EQ(Point::base_mul(a + b), A + Point::base_mul(b));
  EXPECT_EQ(Point::base_mul(a * b), A * b);
  EXPECT_EQ(A - A, Point());
  EXPECT_TRUE(Point::base_mul(Scalar()).is_identity());
  EXPECT_TRUE((A * Scalar()).is_identity());
  EXPECT_EQ(Point() + A, A);
  EXPECT_EQ(*Point::decode(A.view()), A);
}

TEST(Transcript, LengthPrefixSeparatesFields) {
  Bytes ab = to_bytes("ab"), c = to_bytes("c"), a = to_bytes("a"), bc = to_bytes("bc");
  EXPECT_NE(transcript_hash("x", {ab, c}), transcript_hash("x", {a, bc}));
  EXPECT_NE(transcript_hash("x", {ab}), transcript_hash("y", {ab}));
  EXPECT_EQ(transcript_hash("x", {ab, c}), Transcript("x").add(ab).add(c).digest());
}

TEST(Transcript, KnownAnswer) {
  // H("label", "abc") = SHA-512("conclave/v1\0label\0" ‖ u64be(3) ‖ "abc").
  Bytes input = to_bytes("conclave/v1");
  input.push_back(0);
  Bytes label = to_bytes("label");
  input.insert(input.end(), label.begin(), label.end());
  input.push_back(0);
  append_u64be(input, 3);
  input.push_back('a');
  input.push_back('b');
  input.push_back('c');
  EXPECT_EQ(transcript_hash("label", {as_bytes("abc")}), sha512(input));
}

TEST(Bytes, Encodings) {
  Bytes b = {0x00, 0x01, 0xfe, 0xff, 0x10};
  EXPECT_EQ(*hex_decode(hex_encode(b)), b);
  EXPECT_EQ(*base64_decode(base64_encode(b)), b);
  EXPECT_EQ(*base32_decode(base32_encode(b)), b);
  EXPECT_FALSE(hex_decode("0g"));
  EXPECT_FALSE(hex_decode("abc"));
  EXPECT_FALSE(base64_decode("AAE"));
  EXPECT_FALSE(base64_decode("AAF="));  // non-canonical trailing bits
  EXPECT_FALSE(base32_decode("a1"));
  for (size_t n = 0; n < 20; ++n) {
    Bytes r(n, static_cast<uint8_t>(n * 37));
    EXPECT_EQ(*base32_decode(base32_encode(r)), r);
  }
}

}  // namespace
}  // namespace conclave
