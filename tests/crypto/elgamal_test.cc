#include "crypto/elgamal.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace conclave {
namespace {

TEST(ElGamal, EncryptDecryptRoundTrip) {
  DlogTable table(1000);
  for (int i = 0; i < 20; ++i) {
    Scalar s = Scalar::random();
    Point K = Point::base_mul(s);
    uint64_t m = static_cast<uint64_t>(i * 47 % 1001);
    Ciphertext ct = elgamal_encrypt(K, m, Scalar::random());
    EXPECT_EQ(table.lookup(elgamal_decrypt_to_point(s, ct)), m);
  }
}

TEST(ElGamal, HomomorphicSum) {
  std::mt19937 rng(7);
  Scalar s = Scalar::random();
  Point K = Point::base_mul(s);
  DlogTable table(500);
  Ciphertext sum{Point(), Point()};
  uint64_t expected = 0;
  for (int i = 0; i < 60; ++i) {
    uint64_t m = rng() % 5;
    expected += m;
    sum += elgamal_encrypt(K, m, Scalar::random());
  }
  EXPECT_EQ(table.lookup(elgamal_decrypt_to_point(s, sum)), expected);
}

TEST(ElGamal, DerivedNoncesAreDistinctAndDeterministic) {
  Bytes seed(32, 9);
  EXPECT_EQ(derive_nonce(seed, "r1", 0), derive_nonce(seed, "r1", 0));
  EXPECT_NE(derive_nonce(seed, "r1", 0), derive_nonce(seed, "r1", 1));
  EXPECT_NE(derive_nonce(seed, "r1", 0), derive_nonce(seed, "r2", 0));
  Bytes other(32, 10);
  EXPECT_NE(derive_nonce(seed, "r1", 0), derive_nonce(other, "r1", 0));
}

TEST(DlogTable, LookupBounds) {
  DlogTable table(100);
  EXPECT_EQ(table.lookup(Point()), 0u);
  EXPECT_EQ(table.lookup(Point::base_mul(Scalar::from_u64(100))), 100u);
  EXPECT_FALSE(table.lookup(Point::base_mul(Scalar::from_u64(101))));
  EXPECT_FALSE(table.lookup(Point::base_mul(Scalar::random())));
}

TEST(DlogTable, CoversARosterOfOneHundredThousand) {
  DlogTable table(100000);
  EXPECT_EQ(table.lookup(Point::base_mul(Scalar::from_u64(100000))), 100000u);
  EXPECT_EQ(table.lookup(Point::base_mul(Scalar::from_u64(73519))), 73519u);
}

TEST(Lagrange, InterpolatesAtZero) {
  // f(x) = 5 + 3x + 2x²; any three points give f(0) = 5.
  auto f = [](uint32_t x) { return Scalar::from_u64(5 + 3 * x + 2 * x * x); };
  std::vector<uint32_t> idx = {2, 5, 7};
  Scalar acc;
  for (uint32_t j : idx) acc += lagrange_at_zero(j, idx) * f(j);
  EXPECT_EQ(acc, Scalar::from_u64(5));
}

}  // namespace
}  // namespace conclave
