// Where a conference's id comes from: the caller, else the agenda's `id:`.
#include <gtest/gtest.h>

#include "tests/core/conference_sim.h"

namespace conclave::testing {
namespace {

TEST(AgendaId, CallerThenAgendaElseError) {
  ConferenceSim sim;
  sim.add_members(4);
  const std::string with_id = "id: hn-2027\n" + standard_agenda();
  EXPECT_EQ(client::parse_agenda(with_id, sim.state, "")->conference_id(), "hn-2027");
  EXPECT_EQ(client::parse_agenda(with_id, sim.state, "other")->conference_id(), "other");
  EXPECT_FALSE(client::parse_agenda(standard_agenda(), sim.state, ""));
  // Unknown keys inside the trustees map are mistakes too.
  std::string typo = standard_agenda();
  typo.replace(typo.find("threshold"), 9, "treshold");
  EXPECT_FALSE(client::parse_agenda(typo, sim.state, "x"));
}

}  // namespace
}  // namespace conclave::testing
