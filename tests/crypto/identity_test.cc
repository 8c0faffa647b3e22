#include "crypto/identity.h"

#include <gtest/gtest.h>

#include "crypto/keyfile.h"

namespace conclave {
namespace {

TEST(Identity, DomainSeparatedSignatures) {
  Identity id = Identity::generate();
  Bytes msg = to_bytes("hello");
  Signature sig = id.sign("entry", msg);
  EXPECT_TRUE(verify_signature(id.public_key(), "entry", msg, sig));
  EXPECT_FALSE(verify_signature(id.public_key(), "receipt", msg, sig));
  EXPECT_FALSE(verify_signature(id.public_key(), "entry", to_bytes("hellp"), sig));
  Signature bad = sig;
  bad[3] ^= 1;
  EXPECT_FALSE(verify_signature(id.public_key(), "entry", msg, bad));
  EXPECT_FALSE(verify_signature(Identity::generate().public_key(), "entry", msg, sig));
  EXPECT_FALSE(verify_signature(id.public_key(), "entry", msg, ByteView(sig.data(), 63)));
}

TEST(Identity, PublicKeyValidation) {
  EXPECT_FALSE(decode_public_key(Bytes(31, 1)));
  EXPECT_FALSE(decode_public_key(Bytes(32, 0)));  // small order
  Identity id = Identity::generate();
  EXPECT_TRUE(decode_public_key(id.public_key()));
}

TEST(Identity, FromSecretsReproducesKeys) {
  Identity id = Identity::generate();
  Identity again = *Identity::from_secrets(id.seed(), id.box_secret_key());
  EXPECT_EQ(again.public_key(), id.public_key());
  EXPECT_EQ(again.box_public_key(), id.box_public_key());
}

TEST(KeyFile, SealedRoundTrip) {
  Identity id = Identity::generate();
  std::string text = *key_file_write(id, "Nguyễn Văn A", "correct horse", KdfCost::minimum());
  EXPECT_EQ(text.find(base64_encode(id.seed())), std::string::npos);
  KeyFileInfo info = *key_file_inspect(text);
  EXPECT_TRUE(info.sealed);
  EXPECT_EQ(info.name, "Nguyễn Văn A");
  EXPECT_EQ(info.public_key, id.public_key());
  Result<Identity> opened = key_file_open(text, "correct horse");
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->public_key(), id.public_key());
  EXPECT_FALSE(key_file_open(text, "wrong horse"));
}

TEST(KeyFile, UnprotectedRoundTrip) {
  Identity id = Identity::generate();
  std::string text = *key_file_write(id, "test", std::nullopt);
  EXPECT_FALSE(key_file_inspect(text)->sealed);
  EXPECT_EQ(key_file_open(text, "")->public_key(), id.public_key());
}

TEST(KeyFile, TamperedFilesAreRefused) {
  Identity id = Identity::generate(), other = Identity::generate();
  std::string text = *key_file_write(id, "x", "pw", KdfCost::minimum());
  // Swap in another public key: the secrets no longer match it.
  std::string swapped = text;
  std::string mine = base64_encode(id.public_key());
  swapped.replace(swapped.find(mine), mine.size(), base64_encode(other.public_key()));
  EXPECT_FALSE(key_file_open(swapped, "pw"));
  EXPECT_FALSE(key_file_open("{}", "pw"));
  EXPECT_FALSE(key_file_open("not json", "pw"));
  EXPECT_FALSE(key_file_open(text.substr(0, text.size() / 2), "pw"));
  std::string plain = *key_file_write(id, "x", std::nullopt);
  plain.replace(plain.find(mine), mine.size(), base64_encode(other.public_key()));
  EXPECT_FALSE(key_file_open(plain, ""));
}

}  // namespace
}  // namespace conclave
