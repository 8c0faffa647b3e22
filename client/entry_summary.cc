#include "client/entry_summary.h"

#include <google/protobuf/util/json_util.h>

#include <vector>

#include "client/output.h"

namespace conclave::client {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

constexpr size_t kMaxValueChars = 60;

std::string in_quotes(const std::string& s) {
  return "\"" + s + "\"";
}
std::string n(uint64_t v) {
  return std::to_string(v);
}

// "name=value" for every set scalar field of m (strings quoted when they
// contain a space, bytes left out: they are keys and hashes), "name: count"
// for repeated fields, and the same for singular sub-messages one level
// down as "field.name=value". Generic, so new entry kinds need no code here.
void describe_fields(const Message& m, const std::string& prefix, int depth,
                     std::vector<std::string>& parts) {
  const google::protobuf::Reflection* r = m.GetReflection();
  const google::protobuf::Descriptor* d = m.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    const std::string name = prefix + f->name();
    if (f->is_repeated()) {
      int count = r->FieldSize(m, f);
      if (count > 0) parts.push_back(name + ": " + std::to_string(count));
      continue;
    }
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (depth > 0 && r->HasField(m, f)) {
        describe_fields(r->GetMessage(m, f), name + ".", depth - 1, parts);
      }
      continue;
    }
    if (!r->HasField(m, f) && f->has_presence()) continue;
    std::string value;
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING: {
        if (f->type() == FieldDescriptor::TYPE_BYTES) continue;
        value = r->GetString(m, f);
        if (value.empty()) continue;
        if (value.size() > kMaxValueChars) value = value.substr(0, kMaxValueChars) + "…";
        if (value.find(' ') != std::string::npos) value = in_quotes(value);
        break;
      }
      case FieldDescriptor::CPPTYPE_INT32:
        value = std::to_string(r->GetInt32(m, f));
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        value = std::to_string(r->GetInt64(m, f));
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        value = std::to_string(r->GetUInt32(m, f));
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        value = std::to_string(r->GetUInt64(m, f));
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        value = r->GetBool(m, f) ? "true" : "false";
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        value = r->GetEnum(m, f)->name();
        break;
      default:
        continue;
    }
    if (value == "0" || value == "false") continue;
    parts.push_back(name + "=" + value);
  }
}

std::string describe(const v1::EntryBody& b) {
  switch (b.kind_case()) {
    case v1::EntryBody::kGenesis: {
      const auto& g = b.genesis();
      std::string s =
          "unit " + in_quotes(g.unit_name()) + ", " + n(g.organizers_size()) + " organizer(s)";
      if (!g.parent().origin().empty()) s += ", parent " + g.parent().origin();
      return s;
    }
    case v1::EntryBody::kDisclosure: {
      const auto& d = b.disclosure();
      std::string s = in_quotes(d.title()) + " (";
      if (!d.filename().empty()) s += d.filename() + ", ";
      s += n(d.size()) + " bytes";
      if (!d.media_type().empty()) s += ", " + d.media_type();
      if (!d.inline_body().empty()) s += ", inline";
      return s + ")";
    }
    case v1::EntryBody::KIND_NOT_SET:
      return "(no kind)";
    default:
      break;
  }
  const google::protobuf::OneofDescriptor* oneof =
      v1::EntryBody::descriptor()->FindOneofByName("kind");
  const FieldDescriptor* field =
      oneof ? v1::EntryBody::GetReflection()->GetOneofFieldDescriptor(b, oneof) : nullptr;
  if (!field || field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return "";
  std::vector<std::string> parts;
  describe_fields(v1::EntryBody::GetReflection()->GetMessage(b, field), "", 1, parts);
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : " ") + p;
  return out;
}

}  // namespace

std::string entry_kind(const v1::EntryBody& body) {
  const google::protobuf::OneofDescriptor* oneof =
      v1::EntryBody::descriptor()->FindOneofByName("kind");
  const google::protobuf::FieldDescriptor* field =
      oneof ? v1::EntryBody::GetReflection()->GetOneofFieldDescriptor(body, oneof) : nullptr;
  return field ? field->name() : "none";
}

std::string entry_summary(const v1::EntryBody& body) {
  return printable(describe(body));
}

Result<nlohmann::ordered_json> entry_body_json(const v1::EntryBody& body) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string text;
  auto status = google::protobuf::util::MessageToJsonString(body, &text, options);
  if (!status.ok()) return Error("cannot convert the entry body to JSON");
  nlohmann::ordered_json j =
      nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Error("cannot convert the entry body to JSON");
  return j;
}

}  // namespace conclave::client
