// Threshold keys: the full ceremony, t-of-n decryption over every subset,
// and complaint resolution.
#include "crypto/dkg.h"

#include <gtest/gtest.h>

#include "crypto/dleq.h"
#include "crypto/elgamal.h"
#include "crypto/identity.h"
#include "tests/crypto/test_util.h"

namespace conclave {
namespace {

using testing::test_binding;

struct Ceremony {
  uint32_t n, t;
  std::vector<Identity> boxes;  // each trustee's X25519 key
  std::vector<Polynomial> polys;
  std::map<uint32_t, DkgCommitment> commitments;
  std::vector<uint32_t> qualified;
  std::map<uint32_t, Scalar> shares;  // s_j
  Point joint;

  Ceremony(uint32_t n_, uint32_t t_) : n(n_), t(t_) {
    for (uint32_t i = 1; i <= n; ++i) {
      boxes.push_back(Identity::generate());
      polys.push_back(Polynomial::random(t));
      commitments[i] = dkg_commit(polys.back(), i, test_binding());
    }
    DkgOutcome out = dkg_resolve(n, t, commitments, {}, {}, test_binding());
    qualified = out.qualified;
    for (uint32_t j = 1; j <= n; ++j) {
      Scalar s;
      for (uint32_t i : qualified) {
        Bytes sealed = dkg_seal_share(polys[i - 1].eval(j), boxes[j - 1].box_public_key());
        Result<Scalar> share =
            dkg_open_share(sealed, boxes[j - 1].box_public_key(), boxes[j - 1].box_secret_key());
        EXPECT_TRUE(share);
        EXPECT_TRUE(dkg_verify_share(commitments[i].coefficients, j, *share));
        s += *share;
      }
      shares[j] = s;
    }
    joint = dkg_joint_key(commitments, qualified);
  }
};

TEST(Dkg, VerificationKeysMatchShares) {
  Ceremony c(4, 3);
  EXPECT_EQ(c.qualified.size(), 4u);
  for (uint32_t j = 1; j <= 4; ++j) {
    EXPECT_EQ(dkg_verification_key(c.commitments, c.qualified, j), Point::base_mul(c.shares[j]));
  }
}

// Every t-subset of the n trustees decrypts the same value; t − 1 cannot.
TEST(Dkg, EveryThresholdSubsetDecrypts) {
  for (auto [n, t] : std::vector<std::pair<uint32_t, uint32_t>>{{1, 1}, {3, 2}, {4, 3}, {5, 2}}) {
    Ceremony c(n, t);
    const uint64_t m = 17;
    Ciphertext ct = elgamal_encrypt(c.joint, m, Scalar::random());
    DlogTable table(100);
    for (uint32_t mask = 1; mask < (1u << n); ++mask) {
      std::vector<PartialDecryption> parts;
      for (uint32_t j = 1; j <= n; ++j) {
        if (mask & (1u << (j - 1))) parts.push_back({j, partial_decrypt(c.shares[j], ct)});
      }
      auto got = table.lookup(combine_partials(ct, parts));
      if (parts.size() >= t) {
        EXPECT_EQ(got, m) << "n=" << n << " t=" << t << " mask=" << mask;
      } else {
        EXPECT_NE(got, std::optional<uint64_t>(m)) << "n=" << n << " t=" << t << " mask=" << mask;
      }
    }
  }
}

TEST(Dkg, DecryptionSharesCarryValidProofs) {
  Ceremony c(3, 2);
  Ciphertext ct = elgamal_encrypt(c.joint, 3, Scalar::random());
  for (uint32_t j = 1; j <= 3; ++j) {
    Point Kj = dkg_verification_key(c.commitments, c.qualified, j);
    Point Mj = partial_decrypt(c.shares[j], ct);
    DleqProof p = dleq_prove(c.shares[j], Kj, ct.alpha, Mj, test_binding());
    EXPECT_TRUE(dleq_verify(Kj, ct.alpha, Mj, p, test_binding()));
    // Another trustee's key does not verify this share.
    Point other = dkg_verification_key(c.commitments, c.qualified, j % 3 + 1);
    EXPECT_FALSE(dleq_verify(other, ct.alpha, Mj, p, test_binding()));
  }
}

TEST(Dkg, BadShareIsDetected) {
  Ceremony c(3, 2);
  Scalar wrong = c.polys[0].eval(2) + Scalar::from_u64(1);
  EXPECT_FALSE(dkg_verify_share(c.commitments[1].coefficients, 2, wrong));
  EXPECT_FALSE(dkg_verify_share(c.commitments[1].coefficients, 3, c.polys[0].eval(2)));
}

TEST(Dkg, SealedShareOnlyOpensForRecipient) {
  Identity a = Identity::generate(), b = Identity::generate();
  Scalar s = Scalar::random();
  Bytes sealed = dkg_seal_share(s, a.box_public_key());
  EXPECT_EQ(*dkg_open_share(sealed, a.box_public_key(), a.box_secret_key()), s);
  EXPECT_FALSE(dkg_open_share(sealed, b.box_public_key(), b.box_secret_key()));
  sealed[10] ^= 1;
  EXPECT_FALSE(dkg_open_share(sealed, a.box_public_key(), a.box_secret_key()));
  EXPECT_FALSE(dkg_open_share(Bytes(10), a.box_public_key(), a.box_secret_key()));
}

TEST(Dkg, CommitmentProofsAreChecked) {
  Polynomial p = Polynomial::random(2);
  DkgCommitment c = dkg_commit(p, 1, test_binding());
  EXPECT_TRUE(dkg_verify_commitment(c, 1, 2, test_binding()));
  EXPECT_FALSE(dkg_verify_commitment(c, 2, 2, test_binding()));  // bound to the dealer index
  EXPECT_FALSE(dkg_verify_commitment(c, 1, 3, test_binding()));  // wrong degree
  DkgCommitment bad = c;
  bad.coefficients[1] = bad.coefficients[1] + Point::generator();
  EXPECT_FALSE(dkg_verify_commitment(bad, 1, 2, test_binding()));
  bad = c;
  bad.proofs[0].response = bad.proofs[0].response + Scalar::from_u64(1);
  EXPECT_FALSE(dkg_verify_commitment(bad, 1, 2, test_binding()));
}

TEST(Dkg, ComplaintResolution) {
  Ceremony c(3, 2);
  // Trustee 2 complains about dealer 1 and dealer 3.
  std::vector<DkgComplaint> complaints = {{2, 1}, {2, 3}};
  // Dealer 1 answers with the true share; dealer 3 reveals a wrong one.
  std::vector<DkgReveal> reveals = {{1, 2, c.polys[0].eval(2)},
                                    {3, 2, c.polys[2].eval(2) + Scalar::from_u64(1)}};
  DkgOutcome out = dkg_resolve(3, 2, c.commitments, complaints, reveals, test_binding());
  EXPECT_EQ(out.qualified, (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(out.disqualified, (std::vector<uint32_t>{3}));
  EXPECT_TRUE(out.reasons.contains(3));
  // An unanswered complaint disqualifies too; a missing commitment as well.
  std::map<uint32_t, DkgCommitment> partial = c.commitments;
  partial.erase(2);
  out = dkg_resolve(3, 2, partial, std::vector<DkgComplaint>{{3, 1}}, {}, test_binding());
  EXPECT_EQ(out.qualified, (std::vector<uint32_t>{3}));
}

}  // namespace
}  // namespace conclave
