// C2SP tlog-checkpoint texts and tlog-cosignature/v1 witness cosignatures.
#include "crypto/checkpoint.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/merkle.h"

namespace conclave {
namespace {

// From the C2SP tlog-checkpoint and tlog-cosignature specifications.
const std::string kSpecCheckpoint =
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
const std::string kSpecCosignedNote =
    kSpecCheckpoint +
    "\n"
    "\xE2\x80\x94 example.com/behind-the-sofa "
    "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    "\xE2\x80\x94 witness.example.com/w1 "
    "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+"
    "mbIUBkBIfZ+qnA==\n";

Checkpoint sample_checkpoint() {
  Checkpoint cp;
  cp.origin = "conclave.vn/hue/so-tu-phap";
  cp.size = 12345;
  cp.root = merkle_leaf_hash(to_bytes("root"));
  return cp;
}

TEST(Checkpoint, FormatAndParseRoundTrip) {
  Checkpoint cp = sample_checkpoint();
  const std::string text = format_checkpoint_text(cp);
  EXPECT_EQ(text, "conclave.vn/hue/so-tu-phap\n12345\n" + base64_encode(view(cp.root)) + "\n");
  Result<Checkpoint> back = parse_checkpoint_text(text);
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(*back, cp);

  cp.extensions = {"ext one", "— extension with unicode"};
  cp.size = 0;
  cp.root = merkle_empty_root();
  back = parse_checkpoint_text(format_checkpoint_text(cp));
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(*back, cp);

  cp.size = ~uint64_t{0};
  back = parse_checkpoint_text(format_checkpoint_text(cp));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->size, ~uint64_t{0});
}

TEST(Checkpoint, ParsesSpecExample) {
  Result<Checkpoint> cp = parse_checkpoint_text(kSpecCheckpoint);
  ASSERT_TRUE(cp.ok()) << cp.error().message();
  EXPECT_EQ(cp->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(cp->size, 20852163u);
  EXPECT_EQ(base64_encode(view(cp->root)), "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
  EXPECT_TRUE(cp->extensions.empty());
  EXPECT_EQ(format_checkpoint_text(*cp), kSpecCheckpoint);
}

TEST(Checkpoint, StrictParseRejects) {
  const std::string root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty", ""},
      {"no final newline", "o\n1\n" + root},
      {"two lines", "o\n1\n"},
      {"empty origin", "\n1\n" + root + "\n"},
      {"empty size", "o\n\n" + root + "\n"},
      {"leading zero", "o\n01\n" + root + "\n"},
      {"double zero", "o\n00\n" + root + "\n"},
      {"plus sign", "o\n+1\n" + root + "\n"},
      {"minus sign", "o\n-1\n" + root + "\n"},
      {"space in size", "o\n 1\n" + root + "\n"},
      {"hex size", "o\n0x10\n" + root + "\n"},
      {"size overflow", "o\n18446744073709551616\n" + root + "\n"},
      {"huge size", "o\n99999999999999999999999\n" + root + "\n"},
      {"root not base64", "o\n1\nnot base64!\n"},
      {"root 31 bytes", "o\n1\n" + base64_encode(Bytes(31, 1)) + "\n"},
      {"root 33 bytes", "o\n1\n" + base64_encode(Bytes(33, 1)) + "\n"},
      {"root unpadded", "o\n1\n" + root.substr(0, root.size() - 1) + "\n"},
      {"root non-canonical", "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n"},
      {"empty root", "o\n1\n\n"},
      {"empty extension", "o\n1\n" + root + "\n\n"},
      {"empty extension between", "o\n1\n" + root + "\na\n\nb\n"},
      {"control char", "o\t\n1\n" + root + "\n"},
      {"CR", "o\r\n1\n" + root + "\n"},
      {"invalid UTF-8", "o\xFF\n1\n" + root + "\n"},
  };
  for (const auto& [name, text] : cases) {
    EXPECT_FALSE(parse_checkpoint_text(text).ok()) << name;
  }
  EXPECT_TRUE(parse_checkpoint_text("o\n0\n" + root + "\n").ok());
  EXPECT_TRUE(parse_checkpoint_text("o\n18446744073709551615\n" + root + "\nx\n").ok());
}

TEST(Cosignature, MessageFormat) {
  const Bytes msg = cosignature_v1_message(kSpecCheckpoint, 1679315147);
  EXPECT_EQ(to_string(msg), "cosignature/v1\ntime 1679315147\n" + kSpecCheckpoint);
  EXPECT_EQ(to_string(cosignature_v1_message("x\n", 0)), "cosignature/v1\ntime 0\nx\n");
}

TEST(Cosignature, SpecExampleTimestamp) {
  Result<Note> note = parse_note(kSpecCosignedNote);
  ASSERT_TRUE(note.ok()) << note.error().message();
  EXPECT_EQ(note->text, kSpecCheckpoint);
  ASSERT_EQ(note->sigs.size(), 2u);
  EXPECT_EQ(note->sigs[1].name, "witness.example.com/w1");
  EXPECT_EQ(note->sigs[1].key_id, 0x8d66cf3fu);
  Result<uint64_t> ts = cosignature_timestamp(note->sigs[1]);
  ASSERT_TRUE(ts.ok()) << ts.error().message();
  EXPECT_EQ(*ts, 1679315147u);  // the "time" line of the spec's signed message
  // The log's own line is a plain Ed25519 note signature (64 bytes).
  EXPECT_EQ(note->sigs[0].sig.size(), 64u);
  EXPECT_FALSE(cosignature_timestamp(note->sigs[0]).ok());
}

TEST(Cosignature, SignAndVerify) {
  NoteSigner witness = *NoteSigner::generate("witness.conclave.vn/bloc-1");
  const std::string text = format_checkpoint_text(sample_checkpoint());
  const uint64_t when = 1700000000;
  Result<NoteSignature> cosig = cosign_checkpoint(witness, text, when);
  ASSERT_TRUE(cosig.ok()) << cosig.error().message();
  EXPECT_EQ(cosig->name, witness.name());
  EXPECT_EQ(cosig->key_id, cosignature_key_id(witness.name(), witness.public_key()));
  EXPECT_EQ(cosig->key_id,
            note_key_id(witness.name(), kNoteAlgCosignatureV1, view(witness.public_key())));
  EXPECT_NE(cosig->key_id, witness.key_id());  // type 0x04, not 0x01
  ASSERT_EQ(cosig->sig.size(), 72u);
  EXPECT_EQ(Bytes(cosig->sig.begin(), cosig->sig.begin() + 8), u64be(when));

  Result<CosignatureVerifier> verifier =
      CosignatureVerifier::from_public_key(witness.name(), witness.public_key());
  ASSERT_TRUE(verifier.ok());
  Result<uint64_t> ts = verifier->verify(text, *cosig);
  ASSERT_TRUE(ts.ok()) << ts.error().message();
  EXPECT_EQ(*ts, when);

  // The verifier key string uses type 0x04 and round-trips.
  const std::string vkey = verifier->key_string();
  Result<NoteVerifierKey> parsed = parse_note_verifier_key(vkey);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->alg, kNoteAlgCosignatureV1);
  EXPECT_EQ(parsed->key_id, cosig->key_id);
  Result<CosignatureVerifier> again = CosignatureVerifier::from_key_string(vkey);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->key_id(), verifier->key_id());
  EXPECT_EQ(*again->verify(text, *cosig), when);
  // A note (type 0x01) key is not a cosigner key and vice versa.
  EXPECT_FALSE(CosignatureVerifier::from_key_string(witness.verifier_key_string()).ok());
  EXPECT_FALSE(NoteVerifier::from_key_string(vkey).ok());
}

TEST(Cosignature, InACheckpointNote) {
  const Checkpoint cp = sample_checkpoint();
  const std::string text = format_checkpoint_text(cp);
  NoteSigner log = *NoteSigner::generate(cp.origin);
  NoteSigner w1 = *NoteSigner::generate("witness.example/w1");
  NoteSigner w2 = *NoteSigner::generate("witness.example/w2");
  Note note{
      text,
      {*log.sign(text), *cosign_checkpoint(w1, text, 100), *cosign_checkpoint(w2, text, 200)}};
  Result<Note> parsed = parse_note(format_note(note));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_EQ(*parsed, note);

  // The log's verifier ignores the cosignatures; each witness verifier
  // ignores the log's line and the other witness's.
  EXPECT_TRUE(NoteVerifier::from_key_string(log.verifier_key_string())->verify(*parsed).ok());
  auto v1 = *CosignatureVerifier::from_public_key(w1.name(), w1.public_key());
  auto v2 = *CosignatureVerifier::from_public_key(w2.name(), w2.public_key());
  EXPECT_EQ(*v1.verify_note(*parsed), 100u);
  EXPECT_EQ(*v2.verify_note(*parsed), 200u);
  Result<Checkpoint> body = parse_checkpoint_text(parsed->text);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(*body, cp);

  // A witness that did not cosign.
  NoteSigner w3 = *NoteSigner::generate("witness.example/w3");
  auto v3 = *CosignatureVerifier::from_public_key(w3.name(), w3.public_key());
  EXPECT_FALSE(v3.verify_note(*parsed).ok());
  // A witness's line signed as a plain note signature (type 0x01) is unknown
  // to its cosigner verifier.
  Note plain{text, {*w3.sign(text)}};
  EXPECT_FALSE(v3.verify_note(plain).ok());
  // Two lines from one witness: the latest timestamp; one bad line fails all.
  Note twice = *parsed;
  twice.sigs.push_back(*cosign_checkpoint(w1, text, 150));
  EXPECT_EQ(*v1.verify_note(twice), 150u);
  twice.sigs.back().sig[20] ^= 1;
  EXPECT_FALSE(v1.verify_note(twice).ok());
}

TEST(Cosignature, TamperingIsDetected) {
  NoteSigner witness = *NoteSigner::generate("witness.example/w");
  const Checkpoint cp = sample_checkpoint();
  const std::string text = format_checkpoint_text(cp);
  const NoteSignature good = *cosign_checkpoint(witness, text, 1234567);
  const CosignatureVerifier v =
      *CosignatureVerifier::from_public_key(witness.name(), witness.public_key());
  ASSERT_TRUE(v.verify(text, good).ok());

  // Timestamp: any byte changed.
  for (size_t i = 0; i < 8; ++i) {
    NoteSignature bad = good;
    bad.sig[i] ^= (i == 0) ? 0x40 : 0x01;  // stays <= 2^63-1
    EXPECT_FALSE(v.verify(text, bad).ok()) << "timestamp byte " << i;
  }
  // Signature bytes.
  for (size_t i = 8; i < good.sig.size(); i += 7) {
    NoteSignature bad = good;
    bad.sig[i] ^= 0x01;
    EXPECT_FALSE(v.verify(text, bad).ok()) << "signature byte " << i;
  }
  // Checkpoint body: each field.
  Checkpoint other = cp;
  other.size += 1;
  EXPECT_FALSE(v.verify(format_checkpoint_text(other), good).ok());
  other = cp;
  other.root[0] ^= 1;
  EXPECT_FALSE(v.verify(format_checkpoint_text(other), good).ok());
  other = cp;
  other.origin += "x";
  EXPECT_FALSE(v.verify(format_checkpoint_text(other), good).ok());
  other = cp;
  other.extensions.push_back("ext");
  EXPECT_FALSE(v.verify(format_checkpoint_text(other), good).ok());
  // Wrong lengths, names, IDs and out-of-range timestamps.
  NoteSignature bad = good;
  bad.sig.pop_back();
  EXPECT_FALSE(v.verify(text, bad).ok());
  bad = good;
  bad.sig.push_back(0);
  EXPECT_FALSE(v.verify(text, bad).ok());
  bad = good;
  bad.key_id ^= 1;
  EXPECT_FALSE(v.verify(text, bad).ok());
  bad = good;
  bad.name = "witness.example/x";
  EXPECT_FALSE(v.verify(text, bad).ok());
  bad = good;
  bad.sig[0] |= 0x80;
  Result<uint64_t> r = v.verify(text, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("above 2^63-1"), std::string::npos) << r.error().message();
  // Not a checkpoint.
  EXPECT_FALSE(v.verify("just a note\n", good).ok());
  // Another key under the same name.
  NoteSigner impostor = *NoteSigner::generate(witness.name());
  EXPECT_FALSE(v.verify(text, *cosign_checkpoint(impostor, text, 1234567)).ok());
}

TEST(Cosignature, SigningPreconditions) {
  NoteSigner witness = *NoteSigner::generate("witness.example/w");
  const std::string text = format_checkpoint_text(sample_checkpoint());
  EXPECT_TRUE(cosign_checkpoint(witness, text, kMaxCosignatureTimestamp).ok());
  EXPECT_FALSE(cosign_checkpoint(witness, text, kMaxCosignatureTimestamp + 1).ok());
  EXPECT_FALSE(cosign_checkpoint(witness, "not\na checkpoint\n", 1).ok());
  EXPECT_FALSE(cosign_checkpoint(witness, "o\n01\nAAAA\n", 1).ok());
  const CosignatureVerifier v =
      *CosignatureVerifier::from_public_key(witness.name(), witness.public_key());
  EXPECT_EQ(*v.verify(text, *cosign_checkpoint(witness, text, 0)), 0u);
  EXPECT_EQ(*v.verify(text, *cosign_checkpoint(witness, text, kMaxCosignatureTimestamp)),
            kMaxCosignatureTimestamp);
}

}  // namespace
}  // namespace conclave
