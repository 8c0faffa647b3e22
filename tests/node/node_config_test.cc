// conclaved.yaml: what init writes reads back the same; missing optional
// keys take their defaults; bad values are refused with a message naming the
// file, never a crash.
#include "node/server/node_config.h"

#include <gtest/gtest.h>

#include "tests/temp_dir.h"

namespace conclave {
namespace {

using testing::TempDir;

Result<NodeConfig> load_text(const TempDir& dir, const std::string& text) {
  EXPECT_TRUE(write_file_atomic(NodeConfig::config_path(dir.path()), text));
  return load_node_config(dir.path());
}

TEST(NodeConfig, RoundTrips) {
  TempDir dir;
  NodeConfig c{.origin = "conclave.vn/hue/so-tu-phap",
               .unit_name = "Sở Tư pháp",
               .listen = "127.0.0.1:7451",
               .max_blob_bytes = 1 << 20,
               .snapshot_interval = 250};
  Result<NodeConfig> back = load_text(dir, format_node_config(c));
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->origin, c.origin);
  EXPECT_EQ(back->unit_name, c.unit_name);
  EXPECT_EQ(back->listen, c.listen);
  EXPECT_EQ(back->max_blob_bytes, c.max_blob_bytes);
  EXPECT_EQ(back->snapshot_interval, 250u);
}

TEST(NodeConfig, OptionalKeysTakeDefaults) {
  TempDir dir;
  Result<NodeConfig> c = load_text(dir, "origin: example.org/unit\n");
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->snapshot_interval, NodeConfig{}.snapshot_interval);
  EXPECT_EQ(c->max_blob_bytes, NodeConfig{}.max_blob_bytes);
}

TEST(NodeConfig, BadValuesAreRefused) {
  TempDir dir;
  for (const char* text : {"listen: 127.0.0.1:1\n", "origin: a\nsnapshot_interval: lots\n",
                           "origin: a\nsnapshot_interval: -5\n", "origin: a\nmax_blob_bytes: [1]\n",
                           "origin: [unclosed\n", "\xff\xfe"}) {
    Result<NodeConfig> c = load_text(dir, text);
    ASSERT_FALSE(c) << text;
    EXPECT_NE(c.error().message().find("conclaved.yaml"), std::string::npos) << c.error().message();
  }
}

}  // namespace
}  // namespace conclave
