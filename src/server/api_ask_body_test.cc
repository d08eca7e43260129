#include "server/api_ask_body.h"

#include <gtest/gtest.h>

#include <string>

#include "answer/answer_composer.h"

namespace evident {
namespace {

// The error code ParseApiAskBody gives `body`, or "" when it is accepted.
std::string ErrorCode(std::string_view body) {
  auto parsed = ParseApiAskBody(body);
  if (auto* error = std::get_if<ApiRequestError>(&parsed)) return error->code;
  return "";
}

TEST(ApiAskBody, ReadsQuestionAudienceAndConversation) {
  auto parsed = ParseApiAskBody(
      R"({"question": "What is HbA1c?", "audience": "patient", "conversation_id": "c-1"})");
  ASSERT_TRUE(std::holds_alternative<ApiAskRequest>(parsed));
  const auto& request = std::get<ApiAskRequest>(parsed);
  EXPECT_EQ(request.question, "What is HbA1c?");
  EXPECT_EQ(request.audience, Audience::kPatient);
  EXPECT_EQ(request.conversation_id, "c-1");
}

TEST(ApiAskBody, DefaultsToPhysicianAndNewConversation) {
  auto parsed =
      ParseApiAskBody(R"({"question": "q1", "audience": null, "conversation_id": null, "x": 1})");
  ASSERT_TRUE(std::holds_alternative<ApiAskRequest>(parsed));
  EXPECT_EQ(std::get<ApiAskRequest>(parsed).audience, Audience::kPhysician);
  EXPECT_EQ(std::get<ApiAskRequest>(parsed).conversation_id, "");
}

TEST(ApiAskBody, RefusesWhatIsNotAJsonObject) {
  EXPECT_EQ(ErrorCode(""), "invalid_json");
  EXPECT_EQ(ErrorCode("{"), "invalid_json");
  EXPECT_EQ(ErrorCode("[1]"), "invalid_json");
  EXPECT_EQ(ErrorCode("\"question\""), "invalid_json");
  EXPECT_EQ(ErrorCode(std::string("{\"question\": \"a\xff\"}")), "invalid_json");
  EXPECT_EQ(ErrorCode(std::string(100000, '[')), "invalid_json");
}

TEST(ApiAskBody, NamesTheMemberThatIsWrong) {
  EXPECT_EQ(ErrorCode("{}"), "missing_question");
  EXPECT_EQ(ErrorCode(R"({"question": 7})"), "missing_question");
  EXPECT_EQ(ErrorCode(R"({"question": " ?! "})"), "missing_question");
  EXPECT_EQ(ErrorCode(R"({"question": "q", "audience": "robot"})"), "bad_audience");
  EXPECT_EQ(ErrorCode(R"({"question": "q", "audience": 1})"), "bad_audience");
  EXPECT_EQ(ErrorCode(R"({"question": "q", "conversation_id": "a b"})"), "bad_conversation_id");
  EXPECT_EQ(ErrorCode(R"({"question": "q", "conversation_id": []})"), "bad_conversation_id");
  std::string long_question(kMaxQuestionBytes + 1, 'a');
  EXPECT_EQ(ErrorCode(R"({"question": ")" + long_question + "\"}"), "question_too_long");
}

}  // namespace
}  // namespace evident
