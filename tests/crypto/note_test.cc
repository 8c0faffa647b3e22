// C2SP signed notes: the Go sumdb/note vector (tests/data/note), key strings,
// strict parsing and verification failures.
#include "crypto/note.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace conclave {
namespace {

using nlohmann::json;

struct NoteVector {
  std::string signer_key, verifier_key, other_verifier_key, text, signed_note, other_signature_line,
      c2sp_example_verifier_key;
};

NoteVector load_vector() {
  std::ifstream in(std::filesystem::path(CONCLAVE_TEST_DATA) / "note" / "signed-note.json");
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str());
  return {j.at("signer_key"),
          j.at("verifier_key"),
          j.at("other_verifier_key"),
          j.at("text"),
          j.at("signed_note"),
          j.at("other_signature_line"),
          j.at("c2sp_example_verifier_key")};
}

const std::string kDash = "\xE2\x80\x94";  // U+2014

TEST(NoteVector, SignReproducesSignedNote) {
  NoteVector v = load_vector();
  Result<NoteSigner> signer = NoteSigner::from_key_string(v.signer_key);
  ASSERT_TRUE(signer.ok()) << signer.error().message();
  EXPECT_EQ(signer->name(), "PeterNeumann");
  EXPECT_EQ(signer->key_id(), 0xc74f20a3u);
  EXPECT_EQ(signer->key_string(), v.signer_key);
  EXPECT_EQ(signer->verifier_key_string(), v.verifier_key);
  Result<NoteSignature> sig = signer->sign(v.text);
  ASSERT_TRUE(sig.ok()) << sig.error().message();
  EXPECT_EQ(format_note(Note{v.text, {*sig}}), v.signed_note);
}

TEST(NoteVector, ParseAndVerify) {
  NoteVector v = load_vector();
  Result<Note> note = parse_note(v.signed_note);
  ASSERT_TRUE(note.ok()) << note.error().message();
  EXPECT_EQ(note->text, v.text);
  ASSERT_EQ(note->sigs.size(), 1u);
  EXPECT_EQ(note->sigs[0].name, "PeterNeumann");
  EXPECT_EQ(note->sigs[0].key_id, 0xc74f20a3u);
  EXPECT_EQ(note->sigs[0].sig.size(), 64u);
  EXPECT_EQ(format_note(*note), v.signed_note);

  Result<NoteVerifier> verifier = NoteVerifier::from_key_string(v.verifier_key);
  ASSERT_TRUE(verifier.ok()) << verifier.error().message();
  EXPECT_EQ(verifier->key_string(), v.verifier_key);
  EXPECT_TRUE(verifier->verify(*note).ok());
  EXPECT_TRUE(verifier->open(v.signed_note).ok());

  // The other key did not sign this note.
  Result<NoteVerifier> other = NoteVerifier::from_key_string(v.other_verifier_key);
  ASSERT_TRUE(other.ok());
  Status st = other->verify(*note);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message(), "note has no signature from EnochRoot+af0cfe78");
}

TEST(NoteVector, TwoSigners) {
  NoteVector v = load_vector();
  const std::string both = v.signed_note + v.other_signature_line;
  Result<Note> note = parse_note(both);
  ASSERT_TRUE(note.ok()) << note.error().message();
  ASSERT_EQ(note->sigs.size(), 2u);
  EXPECT_EQ(note->sigs[1].name, "EnochRoot");
  EXPECT_EQ(note->sigs[1].key_id, 0xaf0cfe78u);
  EXPECT_EQ(format_note(*note), both);
  // Each verifier ignores the other's line and verifies its own.
  EXPECT_TRUE(NoteVerifier::from_key_string(v.verifier_key)->verify(*note).ok());
  EXPECT_TRUE(NoteVerifier::from_key_string(v.other_verifier_key)->verify(*note).ok());
  // Order does not matter.
  const std::string swapped =
      v.text + "\n" + v.other_signature_line + v.signed_note.substr(v.text.size() + 1);
  EXPECT_TRUE(NoteVerifier::from_key_string(v.verifier_key)->open(swapped).ok());
}

TEST(NoteVector, C2spExampleVerifierKey) {
  NoteVector v = load_vector();
  Result<NoteVerifierKey> key = parse_note_verifier_key(v.c2sp_example_verifier_key);
  ASSERT_TRUE(key.ok()) << key.error().message();
  EXPECT_EQ(key->name, "example.com/foo");
  EXPECT_EQ(key->key_id, 0x530d903au);
  EXPECT_EQ(key->alg, kNoteAlgEd25519);
  EXPECT_EQ(format_note_verifier_key(key->name, key->alg, key->public_key),
            v.c2sp_example_verifier_key);
  Result<NoteVerifier> verifier = NoteVerifier::from_key_string(v.c2sp_example_verifier_key);
  ASSERT_TRUE(verifier.ok());
  EXPECT_EQ(verifier->key_string(), v.c2sp_example_verifier_key);
}

TEST(NoteVector, TamperedNotesAreRejected) {
  NoteVector v = load_vector();
  NoteVerifier verifier = *NoteVerifier::from_key_string(v.verifier_key);
  const std::string& good = v.signed_note;

  // Tampered text.
  std::string t = good;
  t[3] = 'X';
  Result<Note> r = verifier.open(t);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "invalid signature from PeterNeumann+c74f20a3");

  // Each byte of the signature flipped in turn (re-encoded canonically).
  Note parsed = *parse_note(good);
  for (size_t i = 0; i < parsed.sigs[0].sig.size(); ++i) {
    Note bad = parsed;
    bad.sigs[0].sig[i] ^= 0x01;
    EXPECT_FALSE(verifier.open(format_note(bad)).ok()) << "byte " << i;
  }
  // A truncated signature from the known key is an error, not ignored.
  Note shorter = parsed;
  shorter.sigs[0].sig.pop_back();
  Status st = verifier.verify(shorter);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message(), "signature from PeterNeumann+c74f20a3 has 63 bytes, want 64");

  // A wrong key ID makes the line unknown: ignored, so nothing verifies.
  Note wrong_id = parsed;
  wrong_id.sigs[0].key_id ^= 1;
  EXPECT_FALSE(verifier.open(format_note(wrong_id)).ok());
  Note wrong_name = parsed;
  wrong_name.sigs[0].name = "PeterNeumann2";
  EXPECT_FALSE(verifier.open(format_note(wrong_name)).ok());

  // A valid line plus a bad line from the same key: the whole note fails.
  Note dup = parsed;
  dup.sigs.push_back(parsed.sigs[0]);
  EXPECT_TRUE(verifier.verify(dup).ok());
  dup.sigs[1].sig[0] ^= 1;
  EXPECT_FALSE(verifier.verify(dup).ok());

  // A valid signature over a different text.
  Note other_text = parsed;
  other_text.text = "hello\n";
  EXPECT_FALSE(verifier.verify(other_text).ok());
}

TEST(NoteParse, MalformedNotesAreRejected) {
  NoteVector v = load_vector();
  const std::string& good = v.signed_note;
  const std::string sig_line = good.substr(v.text.size() + 1);  // "— PeterNeumann ...\n"
  ASSERT_TRUE(parse_note(good).ok());

  struct Case {
    std::string name;
    std::string note;
  };
  std::string b64 = sig_line.substr(kDash.size() + 1 + 13);  // after "— PeterNeumann "
  b64.pop_back();                                            // the newline
  const std::vector<Case> cases = {
      {"empty", ""},
      {"no signatures", v.text},
      {"no blank line", v.text + sig_line},
      {"only blank line", v.text + "\n"},
      {"no final newline", good.substr(0, good.size() - 1)},
      {"trailing blank line", good + "\n"},
      {"hyphens instead of em dash", v.text + "\n-- PeterNeumann " + b64 + "\n"},
      {"en dash", v.text + "\n\xE2\x80\x93 PeterNeumann " + b64 + "\n"},
      {"no space after dash", v.text + "\n" + kDash + "PeterNeumann " + b64 + "\n"},
      {"two spaces after name", v.text + "\n" + kDash + " PeterNeumann  " + b64 + "\n"},
      {"no signature", v.text + "\n" + kDash + " PeterNeumann \n"},
      {"no name", v.text + "\n" + kDash + "  " + b64 + "\n"},
      {"no space", v.text + "\n" + kDash + " PeterNeumann\n"},
      {"name with plus", v.text + "\n" + kDash + " Peter+Neumann " + b64 + "\n"},
      {"bad base64 char", v.text + "\n" + kDash + " PeterNeumann " + b64.substr(1) + "!\n"},
      {"unpadded base64",
       v.text + "\n" + kDash + " PeterNeumann " + b64.substr(0, b64.size() - 1) + "\n"},
      {"non-canonical base64", v.text + "\n" + kDash + " PeterNeumann AAAAAAB=\n"},
      {"4-byte signature", v.text + "\n" + kDash + " PeterNeumann AAAAAA==\n"},
      {"trailing space", v.text + "\n" + kDash + " PeterNeumann " + b64 + " \n"},
      {"CR line ending", v.text + "\n" + kDash + " PeterNeumann " + b64 + "\r\n"},
      {"control char in text", "a\tb\n\n" + sig_line},
      {"invalid UTF-8 in text", "a\xFF\n\n" + sig_line},
      {"overlong UTF-8", "a\xC0\xAF\n\n" + sig_line},
      {"surrogate", "a\xED\xA0\x80\n\n" + sig_line},
  };
  for (const Case& c : cases) {
    Result<Note> r = parse_note(c.note);
    EXPECT_FALSE(r.ok()) << c.name;
  }
  // A blank line among the signatures makes the lines before it part of the
  // text (the text ends at the last blank line), so nothing verifies.
  Result<Note> shifted = parse_note(good + "\n" + sig_line);
  ASSERT_TRUE(shifted.ok());
  EXPECT_EQ(shifted->text, good);
  EXPECT_FALSE(NoteVerifier::from_key_string(v.verifier_key)->verify(*shifted).ok());
  // Spot-check the messages.
  EXPECT_EQ(parse_note(v.text + sig_line).error().message(),
            "note has no blank line between its text and its signatures");
  EXPECT_EQ(parse_note(good.substr(0, good.size() - 1)).error().message(),
            "note does not end in a newline");
}

TEST(NoteParse, TextWithBlankLinesAndLimits) {
  NoteSigner signer = *NoteSigner::from_seed("example.com/log", Bytes(32, 7));
  NoteVerifier verifier = *NoteVerifier::from_key_string(signer.verifier_key_string());
  // Blank lines inside (and at the end of) the text are part of the text.
  for (std::string text : {"a\n\nb\n", "a\n\n", "\n", "Nguyễn Văn A — phiếu bầu\n"}) {
    Note note{text, {*signer.sign(text)}};
    Result<Note> back = verifier.open(format_note(note));
    ASSERT_TRUE(back.ok()) << back.error().message();
    EXPECT_EQ(back->text, text);
  }
  // Signature count limit.
  const std::string text = "t\n";
  Note many{text, {}};
  for (size_t i = 0; i < kMaxNoteSignatures; ++i) many.sigs.push_back(*signer.sign(text));
  EXPECT_TRUE(verifier.open(format_note(many)).ok());
  many.sigs.push_back(*signer.sign(text));
  EXPECT_FALSE(parse_note(format_note(many)).ok());
  // Size limit.
  std::string big(kMaxNoteBytes, 'a');
  big.back() = '\n';
  EXPECT_FALSE(parse_note(big + "\n" + format_note(Note{text, {*signer.sign(text)}})).ok());
  EXPECT_FALSE(signer.sign(big + "x\n").ok());
}

TEST(NoteSign, RejectsBadText) {
  NoteSigner signer = *NoteSigner::generate("example.com/log");
  EXPECT_FALSE(signer.sign("").ok());
  EXPECT_FALSE(signer.sign("no newline").ok());
  EXPECT_FALSE(signer.sign("tab\there\n").ok());
  EXPECT_FALSE(signer.sign("bad \xFF utf8\n").ok());
  EXPECT_TRUE(signer.sign("ok\n").ok());
}

TEST(NoteSign, GeneratedKeysRoundTrip) {
  NoteSigner a = *NoteSigner::generate("conclave.vn/hue/so-tu-phap");
  NoteSigner b = *NoteSigner::from_key_string(a.key_string());
  EXPECT_EQ(a.public_key(), b.public_key());
  EXPECT_EQ(a.key_id(), b.key_id());
  EXPECT_EQ(a.key_id(), note_key_id(a.name(), kNoteAlgEd25519, view(a.public_key())));
  NoteVerifier va = *NoteVerifier::from_public_key(a.name(), a.public_key());
  EXPECT_EQ(va.key_string(), a.verifier_key_string());
  const std::string text =
      "conclave.vn/hue/so-tu-phap\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
  Note note{text, {*b.sign(text)}};
  EXPECT_TRUE(va.verify(note).ok());
  // A signer moved from keeps working under its new owner.
  NoteSigner moved = std::move(a);
  EXPECT_TRUE(va.verify(Note{text, {*moved.sign(text)}}).ok());
  // Another key with the same name is a different key ID: ignored.
  NoteSigner c = *NoteSigner::generate(moved.name());
  Note by_c{text, {*c.sign(text)}};
  EXPECT_NE(c.key_id(), moved.key_id());
  EXPECT_FALSE(va.verify(by_c).ok());
}

TEST(NoteKeys, NameRules) {
  EXPECT_TRUE(is_valid_note_key_name("example.com/log42"));
  EXPECT_TRUE(is_valid_note_key_name("sở-tư-pháp"));
  EXPECT_FALSE(is_valid_note_key_name(""));
  EXPECT_FALSE(is_valid_note_key_name("a+b"));
  EXPECT_FALSE(is_valid_note_key_name("a b"));
  EXPECT_FALSE(is_valid_note_key_name("a\tb"));
  EXPECT_FALSE(is_valid_note_key_name("a\nb"));
  EXPECT_FALSE(
      is_valid_note_key_name("a\xC2\xA0"
                             "b"));  // U+00A0 no-break space
  EXPECT_FALSE(
      is_valid_note_key_name("a\xE3\x80\x80"
                             "b"));  // U+3000 ideographic space
  EXPECT_FALSE(
      is_valid_note_key_name("a\xE2\x80\xA8"
                             "b"));  // U+2028 line separator
  EXPECT_FALSE(is_valid_note_key_name("a\xFF"));
  EXPECT_FALSE(is_valid_note_key_name("a\x01"));
  EXPECT_FALSE(NoteSigner::generate("bad name").ok());
  EXPECT_FALSE(NoteVerifier::from_public_key("", NotePublicKey{}).ok());
}

TEST(NoteKeys, BadKeyStringsAreRejected) {
  NoteVector v = load_vector();
  // Verifier keys.
  const std::string good = v.verifier_key;  // PeterNeumann+c74f20a3+ARpc...
  ASSERT_TRUE(NoteVerifier::from_key_string(good).ok());
  const std::string key64 = good.substr(good.rfind('+') + 1);
  for (const std::string& bad : std::vector<std::string>{
           "",
           "PeterNeumann",
           "PeterNeumann+c74f20a3",
           "PeterNeumann+c74f20a4+" + key64,   // key ID mismatch
           "PeterNeumann+C74F20A3+" + key64,   // upper-case hex
           "PeterNeumann+c74f20a+" + key64,    // short ID
           "PeterNeumann+0c74f20a3+" + key64,  // long ID
           "PeterNeuman+c74f20a3+" + key64,    // other name
           "Peter Neumann+c74f20a3+" + key64,  // space in name
           "+c74f20a3+" + key64,               // empty name
           "PeterNeumann+c74f20a3+" + key64 + "=",
           "PeterNeumann+c74f20a3+" + key64.substr(0, key64.size() - 4),
           "PeterNeumann+c74f20a3+AA==",
           "PeterNeumann+c74f20a3+",
       }) {
    EXPECT_FALSE(NoteVerifier::from_key_string(bad).ok()) << bad;
  }
  // Wrong signature type: the same key as type 2 (and type 4 is not a note key).
  Result<NoteVerifierKey> parsed = parse_note_verifier_key(good);
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(
      parse_note_verifier_key(format_note_verifier_key("PeterNeumann", 0x02, parsed->public_key))
          .ok());
  const std::string type4 = format_note_verifier_key("PeterNeumann", 0x04, parsed->public_key);
  EXPECT_TRUE(parse_note_verifier_key(type4).ok());
  EXPECT_FALSE(NoteVerifier::from_key_string(type4).ok());

  // Signer keys.
  ASSERT_TRUE(NoteSigner::from_key_string(v.signer_key).ok());
  const std::string seed64 = v.signer_key.substr(v.signer_key.find("c74f20a3+") + 9);
  for (const std::string& bad : std::vector<std::string>{
           "",
           v.verifier_key,
           "PRIVATE+KEY+PeterNeumann+c74f20a3",
           "PRIVATE+KEY+PeterNeumann+c74f20a4+" + seed64,
           "PRIVATE+KEY+PeterNeumann+C74F20A3+" + seed64,
           "PRIVATE+KEY+Peter+Neumann+c74f20a3+" + seed64,
           "PRIVATE+KEY+EnochRoot+c74f20a3+" + seed64,
           "private+key+PeterNeumann+c74f20a3+" + seed64,
           "PRIVATE+KEY+PeterNeumann+c74f20a3+" + seed64.substr(4),
           "PRIVATE+KEY+PeterNeumann+c74f20a3+AgEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
       }) {
    EXPECT_FALSE(NoteSigner::from_key_string(bad).ok()) << bad;
  }
  EXPECT_FALSE(NoteSigner::from_seed("x", Bytes(31, 1)).ok());
}

}  // namespace
}  // namespace conclave
