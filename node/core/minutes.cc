#include "node/core/minutes.h"

#include <sstream>

#include "node/core/conference_rules.h"
#include "node/core/handlers.h"

namespace conclave::core {
namespace {

// "12,5%" with one decimal, rounded half up; "—" for an empty base.
std::string percent(uint64_t count, uint64_t base) {
  if (base == 0) return "—";
  const uint64_t tenths = (count * 1000 + base / 2) / base;
  return std::to_string(tenths / 10) + "," + std::to_string(tenths % 10) + "%";
}

std::string kind_name(const std::string& kind) {
  if (kind == "staff") return "Hội nghị cán bộ, công chức, viên chức";
  if (kind == "workers") return "Hội nghị người lao động";
  return "Hội nghị";
}

std::string type_name(ItemType t) {
  switch (t) {
    case ItemType::kResolution:
      return "Biểu quyết nghị quyết";
    case ItemType::kElection:
      return "Bầu cử";
    case ItemType::kAgreement:
      return "Biểu quyết thỏa ước";
    case ItemType::kConsultation:
      return "Lấy ý kiến";
  }
  return "";
}

std::string option_name(const State& s, const std::string& option) {
  if (option == "approve") return "Tán thành";
  if (option == "reject") return "Không tán thành";
  if (option == "abstain") return "Không biểu quyết";
  auto it = s.members.find(option);
  return it == s.members.end() ? option : it->second.full_name + " (" + option + ")";
}

std::string outcome_name(const std::string& outcome) {
  if (outcome == "passed") return "THÔNG QUA";
  if (outcome == "failed") return "KHÔNG THÔNG QUA";
  if (outcome == "elected") return "CÓ NGƯỜI TRÚNG CỬ";
  if (outcome == "tie") return "CÓ PHIẾU NGANG NHAU — CẦN BẦU THÊM";
  return "ĐÃ GHI NHẬN";
}

std::string base_name(const std::string& base) {
  if (base == "roster") return "tổng số người được triệu tập";
  if (base == "votes") return "số phiếu hợp lệ";
  return "số người có mặt";
}

void render_item(std::ostringstream& out, const State& s, const Item& item, size_t number) {
  out << "### " << number << ". " << item.spec.title() << "\n\n";
  out << "- Hình thức: " << type_name(item.type) << " (mã `" << item.spec.id() << "`)\n";
  if (!item.result) {
    out << "- Chưa có kết quả.\n\n";
    return;
  }
  const v1::ItemResult& r = *item.result;
  out << "- Số phiếu hợp lệ: " << r.ballots_counted()
      << "; phiếu kiểm tra (hủy, không tính): " << item.spoiled << "\n";
  out << "- Người có mặt khi kết thúc bỏ phiếu: " << r.attendees() << "/" << r.roster_size()
      << "\n";
  out << "- Giải mã bởi thành viên tổ kiểm phiếu số:";
  for (uint32_t t : r.trustees_used()) out << " " << t;
  out << "\n\n";

  if (item.type == ItemType::kConsultation) {
    out << "| Nội dung | Đồng ý | Không đồng ý | Không ý kiến |\n|---|---:|---:|---:|\n";
    for (int sec = 0; sec < item.spec.sections_size(); ++sec) {
      const size_t at = static_cast<size_t>(sec) * 3;
      out << "| " << item.spec.sections(sec) << " | " << r.counts(static_cast<int>(at)) << " | "
          << r.counts(static_cast<int>(at + 1)) << " | " << r.counts(static_cast<int>(at + 2))
          << " |\n";
    }
    uint64_t comments = 0;
    for (const auto& [m, b] : item.ballots) {
      for (const std::string& t : b.comments) comments += t.empty() ? 0 : 1;
    }
    out << "\n- Số ý kiến góp ý bằng văn bản: " << comments
        << "; đã giải trình/tiếp thu: " << item.answered.size() << "\n";
    const uint64_t days = item.spec.days();
    if (days > 0) {
      out << "- Thời gian lấy ý kiến: " << days << " ngày\n";
    } else {
      out << "- Thời gian lấy ý kiến: " << item.spec.window_seconds()
          << " giây (ngắn hơn mức tối thiểu 5 ngày theo quy định)\n";
    }
    out << "\n";
    return;
  }

  const uint64_t base = item.spec.rule().base() == "roster"  ? r.roster_size()
                        : item.spec.rule().base() == "votes" ? r.ballots_counted()
                                                             : r.attendees();
  out << "| Phương án | Số phiếu | Tỷ lệ (trên " << base_name(item.spec.rule().base())
      << ") |\n|---|---:|---:|\n";
  for (int i = 0; i < item.spec.options_size(); ++i) {
    out << "| " << option_name(s, item.spec.options(i)) << " | " << r.counts(i) << " | "
        << percent(r.counts(i), base) << " |\n";
  }
  const v1::PassRule& rule = item.spec.rule();
  out << "\n- Quy tắc: " << (rule.inclusive() ? "ít nhất " : "trên ") << rule.fraction().numerator()
      << "/" << rule.fraction().denominator() << " " << base_name(rule.base()) << "\n";
  out << "- Kết quả: **" << outcome_name(r.outcome()) << "**\n";
  if (item.type == ItemType::kElection && r.elected_size() > 0) {
    out << "- Người trúng cử:";
    for (int i = 0; i < r.elected_size(); ++i) {
      out << (i ? ", " : " ") << option_name(s, r.elected(i));
    }
    out << "\n";
  }
  out << "\n";
}

}  // namespace

bool all_items_tallied(const Conference& c) {
  for (const Item& i : c.items) {
    if (i.status != ItemStatus::kTallied) return false;
  }
  return true;
}

std::string render_minutes_markdown(const State& s, const Conference& c) {
  std::ostringstream out;
  out << "# BIÊN BẢN " << kind_name(c.spec.kind()) << "\n\n";
  out << "## " << c.spec.title() << "\n\n";
  out << "- Đơn vị: " << s.unit_name << "\n";
  out << "- Sổ cái: `" << s.origin << "`, hội nghị `" << c.id << "` (mục " << c.created_index
      << ")\n\n";

  out << "## I. Thành phần tham dự\n\n";
  out << "- Tổng số người được triệu tập: " << c.roster_size() << "\n";
  out << "- Số người có mặt (điểm danh có chữ ký số): " << c.checked_in.size() << " ("
      << percent(c.checked_in.size(), c.roster_size()) << ")\n";
  out << "- Số lượng tối thiểu để hội nghị hợp lệ: " << quorum_needed(c) << " ("
      << c.spec.quorum().numerator() << "/" << c.spec.quorum().denominator() << ") — "
      << (quorum_met(c) ? "hội nghị **hợp lệ**" : "**không đủ** số lượng") << "\n";
  out << "- Tổ kiểm phiếu (giữ khóa giải mã, cần " << c.threshold << "/" << c.trustees.size()
      << "):";
  for (size_t i = 0; i < c.trustees.size(); ++i) {
    out << (i ? ", " : " ") << option_name(s, c.trustees[i].member_id);
  }
  out << "\n\n";

  out << "## II. Kết quả biểu quyết, bầu cử và lấy ý kiến\n\n";
  for (size_t i = 0; i < c.items.size(); ++i) render_item(out, s, c.items[i], i + 1);

  out << "## III. Xác thực\n\n";
  out << "Mọi lá phiếu đều được mã hóa và kèm chứng minh không tiết lộ; kết quả được giải mã "
         "từ tổng các lá phiếu bởi tổ kiểm phiếu. Bất kỳ ai có bản sao sổ cái `"
      << s.origin << "` đều có thể tính lại toàn bộ kết quả trên.\n";
  return out.str();
}

Status apply_minutes_signed(State& s, const ParsedEntry& e, const ApplyOptions&) {
  const v1::MinutesSigned& m = e.body.minutes_signed();
  Conference* c = s.conference(m.conference_id());
  if (!c) return not_found("no conference \"" + m.conference_id() + "\"");
  if (c->status == ConferenceStatus::kCeremony)
    return precondition("the conference has not started");
  if (!all_items_tallied(*c)) return precondition("every item needs a published result first");
  if (m.role() == "organizer") {
    if (!s.is_organizer(e.author)) return denied("the author is not an organizer");
    if (c->signed_by_organizer) return duplicate("the organizer has already signed");
  } else if (m.role() == "secretary") {
    const Member* member = s.member_with_key(e.author);
    const std::string& secretary = c->spec.secretary();
    if (!member ||
        (secretary.empty() ? !c->roster.contains(member->id) : member->id != secretary)) {
      return denied(secretary.empty() ? "the secretary must be a member on the roster"
                                      : "the secretary of this conference is " + secretary);
    }
    if (c->signed_by_secretary) return duplicate("the secretary has already signed");
  } else {
    return invalid("the role is organizer or secretary");
  }
  const Hash32 h = sha256(as_bytes(render_minutes_markdown(s, *c)));
  if (!same_bytes(m.summary_hash(), h)) {
    return invalid("the signed text is not the minutes the log implies");
  }
  // The first signature freezes the conference, so both sign one text.
  if (c->minutes_hash && *c->minutes_hash != h) {
    return invalid("the minutes changed since the first signature");
  }
  (m.role() == "organizer" ? c->signed_by_organizer : c->signed_by_secretary) = true;
  c->minutes_hash = h;
  if (c->signed_by_organizer && c->signed_by_secretary) c->status = ConferenceStatus::kPublished;
  return Status::Ok();
}

}  // namespace conclave::core
