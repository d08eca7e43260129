#include "server/server_sent_events.h"

#include <gtest/gtest.h>

namespace evident {
namespace {

TEST(ServerSentEvents, FramesReadBackAsTheyWereWritten) {
  std::string stream = EventFrame({"progress", R"({"stage":"retrieving"})"}) +
                       EventFrame({"delta", "two\nlines"}) + EventFrame({"article", "{}"});
  EXPECT_EQ(EventFrame({"delta", "two\nlines"}), "event: delta\ndata: two\ndata: lines\n\n");
  auto events = ParseEventStream(stream);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].event, "progress");
  EXPECT_EQ(events[0].data, R"({"stage":"retrieving"})");
  EXPECT_EQ(events[1].data, "two\nlines");
  EXPECT_EQ(events[2].event, "article");
}

TEST(ServerSentEvents, SkipsCommentsAndLeavesOutAnIncompleteEvent) {
  auto events = ParseEventStream(": keep-alive\r\n\r\ndata:plain\r\n\r\nevent: article\ndata: {");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event, "message");
  EXPECT_EQ(events[0].data, "plain");
}

}  // namespace
}  // namespace evident
