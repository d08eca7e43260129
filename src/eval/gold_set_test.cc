#include "eval/gold_set.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/testing.h"

namespace evident {
namespace {

using Ids = std::vector<std::string>;

// Writes `text` to a fresh file and returns its path.
std::string WriteFile(const std::string& name, const std::string& text) {
  std::string path = testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

// Expects `result` to be a Corruption error whose message names `path` and contains `detail`.
template <typename T>
void ExpectCorruption(const Result<T>& result, const std::string& path, const std::string& detail) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Status::Code::kCorruption) << result.status().ToString();
  EXPECT_NE(result.status().message().find(path), std::string::npos) << result.status().ToString();
  EXPECT_NE(result.status().message().find(detail), std::string::npos)
      << result.status().ToString();
}

TEST(LoadQuestionList, OneQuestionALineCommentsAndBlankLinesSkipped) {
  std::string path = WriteFile("questions.txt",
                               "# a comment\nHow do I fix a flat bicycle tyre?\n\n  \r\n"
                               "  What is the capital of France?  \r\nlast line, no newline");
  auto questions = LoadQuestionList(path);
  ASSERT_TRUE(questions.ok()) << questions.status().ToString();
  ASSERT_EQ(questions->size(), 3u);
  EXPECT_EQ((*questions)[0].query, "How do I fix a flat bicycle tyre?");
  EXPECT_EQ((*questions)[0].id, "line 2");
  EXPECT_EQ((*questions)[1].query, "What is the capital of France?");
  EXPECT_EQ((*questions)[2].query, "last line, no newline");
  EXPECT_TRUE((*questions)[0].relevant.empty());
  EXPECT_FALSE(LoadQuestionList(testing::TempDir() + "/no-such-file.txt").ok());
}

TEST(LoadBioasq, ReadsTheDevSet) {
  auto questions = LoadBioasq(testing::DataDir() + "/eval/bioasq_dev.json");
  ASSERT_TRUE(questions.ok()) << questions.status().ToString();
  ASSERT_EQ(questions->size(), 1983u);
  const GoldQuestion& first = questions->front();
  EXPECT_EQ(first.id, "61f80d5d882a024a1000003c");
  EXPECT_EQ(first.query,
            "Do only changes in coding regions of MEF2C cause developmental disorders?");
  EXPECT_EQ(first.type, "yesno");
  EXPECT_EQ(first.relevant, Ids{"pmid:34022131"});
  EXPECT_EQ(first.ideal_answers,
            Ids{"No. Non-coding region variants upstream of MEF2C cause severe developmental "
                "disorder through three distinct loss-of-function mechanisms."});
  // The file lists 11,898 document URLs, none repeated within a question.
  size_t relevant = 0;
  for (const GoldQuestion& q : *questions) {
    EXPECT_FALSE(q.relevant.empty()) << q.id;
    for (const std::string& id : q.relevant) EXPECT_EQ(id.rfind("pmid:", 0), 0u) << id;
    relevant += q.relevant.size();
  }
  EXPECT_EQ(relevant, 11898u);
}

TEST(LoadPubmedqa, ReadsTheDevSetInFileOrder) {
  auto questions = LoadPubmedqa(testing::DataDir() + "/eval/pubmedqa_dev.json");
  ASSERT_TRUE(questions.ok()) << questions.status().ToString();
  ASSERT_EQ(questions->size(), 500u);
  const GoldQuestion& first = questions->front();
  EXPECT_EQ(first.id, "10808977");
  EXPECT_EQ(first.query, "Can tailored interventions increase mammography use among HMO women?");
  EXPECT_EQ(first.type, "yesno");
  EXPECT_EQ(first.relevant, Ids{"pmid:10808977"});
  ASSERT_EQ(first.ideal_answers.size(), 1u);
  EXPECT_EQ(first.ideal_answers[0].rfind("The effects of the intervention were most pronounced", 0),
            0u);
  EXPECT_EQ((*questions)[1].id, "23831910");  // file order, not sorted by key
  for (const GoldQuestion& q : *questions) EXPECT_EQ(q.ideal_answers.size(), 1u) << q.id;
}

TEST(LoadBioasq, IdealAnswerIsOptionalAndMayBeOneString) {
  std::string path = WriteFile("ideal.json", R"({"questions": [
      {"id": "q1", "body": "b", "documents": [], "ideal_answer": ["One.", " ", "Two."]},
      {"id": "q2", "body": "b", "documents": [], "ideal_answer": "Only."},
      {"id": "q3", "body": "b", "documents": []}]})");
  auto questions = LoadBioasq(path);
  ASSERT_TRUE(questions.ok()) << questions.status().ToString();
  ASSERT_EQ(questions->size(), 3u);
  EXPECT_EQ((*questions)[0].ideal_answers, (Ids{"One.", "Two."}));  // blank answers dropped
  EXPECT_EQ((*questions)[1].ideal_answers, Ids{"Only."});
  EXPECT_TRUE((*questions)[2].ideal_answers.empty());
}

TEST(LoadPubmedqa, ReadsEitherSpellingOfTheLongAnswer) {
  std::string path = WriteFile("long.json", R"({"1": {"question": "a?", "long_answer": "A."},
      "2": {"question": "b?", "LONG_ANSWER": "B."}, "3": {"question": "c?"}})");
  auto questions = LoadPubmedqa(path);
  ASSERT_TRUE(questions.ok()) << questions.status().ToString();
  ASSERT_EQ(questions->size(), 3u);
  EXPECT_EQ((*questions)[0].ideal_answers, Ids{"A."});
  EXPECT_EQ((*questions)[1].ideal_answers, Ids{"B."});
  EXPECT_TRUE((*questions)[2].ideal_answers.empty());
}

TEST(LoadBioasq, ExtractsPmidsDropsRepeatsAndKeepsOrder) {
  std::string path = WriteFile("b.json", R"({"questions": [{
      "id": "q1", "body": "Is X caused by Y?", "type": "yesno", "documents": [
        "http://www.ncbi.nlm.nih.gov/pubmed/22", "http://www.ncbi.nlm.nih.gov/pubmed/11",
        "http://www.ncbi.nlm.nih.gov/pubmed/22", "https://pubmed.ncbi.nlm.nih.gov/33/", "44"]}]})");
  auto questions = LoadBioasq(path);
  ASSERT_TRUE(questions.ok()) << questions.status().ToString();
  ASSERT_EQ(questions->size(), 1u);
  EXPECT_EQ((*questions)[0].query, "Is X caused by Y?");
  EXPECT_EQ((*questions)[0].relevant, (Ids{"pmid:22", "pmid:11", "pmid:33", "pmid:44"}));
}

TEST(LoadBioasq, MissingFileNamesThePath) {
  auto questions = LoadBioasq("/nonexistent/bioasq.json");
  ASSERT_FALSE(questions.ok());
  EXPECT_NE(questions.status().message().find("/nonexistent/bioasq.json"), std::string::npos);
  EXPECT_NE(questions.status().message().find("loading BioASQ gold set"), std::string::npos);
}

TEST(LoadBioasq, MalformedJsonIsCorruptionNamingTheFile) {
  std::string path = WriteFile("bad.json", R"({"questions": [{"id": "q1",)");
  ExpectCorruption(LoadBioasq(path), path, "parse error");
}

TEST(LoadBioasq, WrongShapesAreCorruptionNamingFileAndQuestion) {
  struct Case {
    const char* json;
    const char* detail;
  };
  const Case kCases[] = {
      {R"([1, 2])", "expected an object with a \"questions\" array"},
      {R"({"data": []})", "expected an object with a \"questions\" array"},
      {R"({"questions": {}})", "\"questions\" is not an array"},
      {R"({"questions": ["q"]})", "question 0: not a JSON object"},
      {R"({"questions": [{"id": "q1", "body": "b", "documents": []},
                         {"id": "q2", "documents": []}]})",
       "question 1 (id q2): missing \"body\""},
      {R"({"questions": [{"id": 7, "body": "b", "documents": []}]})",
       "question 0: \"id\" is not a string"},
      {R"({"questions": [{"id": "q1", "body": "b"}]})",
       "question 0 (id q1): missing \"documents\""},
      {R"({"questions": [{"id": "q1", "body": "b", "documents": "x"}]})",
       "\"documents\" is not an array"},
      {R"({"questions": [{"id": "q1", "body": "b", "documents": ["http://example.org/abc"]}]})",
       "document \"http://example.org/abc\" is not a PubMed URL"},
      {R"({"questions": [{"id": "q1", "body": "b", "documents": [42]}]})",
       "document 42 is not a PubMed URL"},
      {R"({"questions": [{"id": "q1", "body": "b", "documents": [], "ideal_answer": ["a", 1]}]})",
       "question 0 (id q1): \"ideal_answer\" is not a string or an array of strings"},
  };
  for (const Case& c : kCases) {
    std::string path = WriteFile("shape.json", c.json);
    ExpectCorruption(LoadBioasq(path), path, c.detail);
  }
}

TEST(LoadPubmedqa, MalformedJsonIsCorruptionNamingTheFile) {
  std::string path = WriteFile("bad.json", R"({"10808977": {"question": "Why?")");
  auto questions = LoadPubmedqa(path);
  ExpectCorruption(questions, path, "parse error");
  EXPECT_NE(questions.status().message().find("loading PubMedQA gold set"), std::string::npos);
}

TEST(LoadPubmedqa, WrongShapesAreCorruptionNamingFileAndQuestion) {
  struct Case {
    const char* json;
    const char* detail;
  };
  const Case kCases[] = {
      {R"(["10808977"])", "expected an object keyed by PMID"},
      {R"({"abc": {"question": "Why?"}})", "question \"abc\": key is not a PMID"},
      {R"({"123": "Why?"})", "question \"123\": not a JSON object"},
      {R"({"123": {"final_decision": "yes"}})", "question \"123\": missing \"question\""},
      {R"({"123": {"question": ["Why?"]}})", "question \"123\": \"question\" is not a string"},
      {R"({"123": {"question": "Why?", "long_answer": {}}})",
       "question \"123\": \"long_answer\" is not a string or an array of strings"},
  };
  for (const Case& c : kCases) {
    std::string path = WriteFile("shape.json", c.json);
    ExpectCorruption(LoadPubmedqa(path), path, c.detail);
  }
}

}  // namespace
}  // namespace evident
