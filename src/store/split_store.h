// SplitStore: a Store whose corpus (documents, passages, references, metadata) is one Store and
// whose state (conversations, articles, review, accounts, sessions) is another StateStore — the
// deployment where each `evident serve` keeps its own corpus and index beside it and shares its
// state in PostgreSQL. It owns both and forwards every call to the one that holds the data.
// Thread-safety: like its parts, one thread at a time.
#pragma once

#include <memory>

#include "store/store.h"

namespace evident {

class SplitStore : public Store {
 public:
  SplitStore(std::unique_ptr<Store> corpus, std::unique_ptr<StateStore> state);

  // Corpus.
  Status PutDocuments(const std::vector<DocumentRecord>& batch, PutCounts* counts) override {
    return corpus_->PutDocuments(batch, counts);
  }
  Status RunAtomically(const std::function<Status()>& body) override {
    return corpus_->RunAtomically(body);
  }
  Status DeleteDocuments(const std::vector<std::string>& ids, int64_t* deleted) override {
    return corpus_->DeleteDocuments(ids, deleted);
  }
  using Store::GetDocument;
  Result<Document> GetDocument(const std::string& id, DocumentParts parts) override {
    return corpus_->GetDocument(id, parts);
  }
  Result<std::vector<Passage>> GetPassagesOfDocument(const std::string& doc_id) override {
    return corpus_->GetPassagesOfDocument(doc_id);
  }
  Result<std::vector<PassageView>> GetPassageViews(
      const std::vector<std::string>& passage_ids) override {
    return corpus_->GetPassageViews(passage_ids);
  }
  Status ScanPassages(const std::function<bool(const PassageView&)>& fn) override {
    return corpus_->ScanPassages(fn);
  }
  Result<StoreStats> Stats() override { return corpus_->Stats(); }
  Status SetMeta(const std::string& key, const std::string& value) override {
    return corpus_->SetMeta(key, value);
  }
  Result<std::string> GetMeta(const std::string& key) override { return corpus_->GetMeta(key); }
  Status MarkRetractions(int64_t* marked) override { return corpus_->MarkRetractions(marked); }
  Result<std::vector<std::string>> RetractedIds() override { return corpus_->RetractedIds(); }
  Result<std::vector<std::string>> RetractionNoticesOf(const std::string& doc_id) override {
    return corpus_->RetractionNoticesOf(doc_id);
  }

  // State.
  Result<int> AppendConversationTurn(const ConversationTurn& turn) override {
    return state_->AppendConversationTurn(turn);
  }
  Result<std::vector<ConversationTurn>> GetConversation(const std::string& id) override {
    return state_->GetConversation(id);
  }
  Status PutArticle(const StoredArticle& article, bool* changed) override {
    return state_->PutArticle(article, changed);
  }
  Result<StoredArticle> GetArticle(const std::string& slug, const std::string& audience) override {
    return state_->GetArticle(slug, audience);
  }
  Result<std::vector<StoredArticle>> RecentArticles(int limit) override {
    return state_->RecentArticles(limit);
  }
  Result<ArticleVersion> GetArticleVersion(const std::string& slug, const std::string& audience,
                                           int version) override {
    return state_->GetArticleVersion(slug, audience, version);
  }
  Result<ReviewState> GetReviewState(const std::string& slug,
                                     const std::string& audience) override {
    return state_->GetReviewState(slug, audience);
  }
  Result<std::vector<ReviewState>> ReviewQueue(const ReviewQueueFilter& filter) override {
    return state_->ReviewQueue(filter);
  }
  Result<ReviewEvent> Transition(const ReviewTransition& transition) override {
    return state_->Transition(transition);
  }
  Result<ReviewEvent> AddReviewComment(const std::string& slug, const std::string& audience,
                                       int version, const std::string& actor,
                                       const std::string& comment) override {
    return state_->AddReviewComment(slug, audience, version, actor, comment);
  }
  Result<std::vector<ReviewEvent>> ReviewEvents(const std::string& slug,
                                                const std::string& audience) override {
    return state_->ReviewEvents(slug, audience);
  }
  Result<std::vector<FlaggedArticle>> FlagArticlesCiting(
      const std::vector<WithdrawnEvidence>& withdrawn) override {
    return state_->FlagArticlesCiting(withdrawn);
  }
  Status AddReviewer(const ReviewerAccount& account) override {
    return state_->AddReviewer(account);
  }
  Result<ReviewerAccount> GetReviewer(const std::string& username) override {
    return state_->GetReviewer(username);
  }
  Result<std::vector<ReviewerAccount>> ListReviewers() override { return state_->ListReviewers(); }
  Status SetReviewerDisabled(const std::string& username, bool disabled) override {
    return state_->SetReviewerDisabled(username, disabled);
  }
  Status SetReviewerPasswordHash(const std::string& username,
                                 const std::string& password_hash) override {
    return state_->SetReviewerPasswordHash(username, password_hash);
  }
  Status CreateSession(const ReviewerSession& session) override {
    return state_->CreateSession(session);
  }
  Result<ReviewerSession> GetSession(const std::string& token_hash, int64_t now_s) override {
    return state_->GetSession(token_hash, now_s);
  }
  Status DeleteSession(const std::string& token_hash) override {
    return state_->DeleteSession(token_hash);
  }
  Result<LoginFailures> GetLoginFailures(const std::string& username) override {
    return state_->GetLoginFailures(username);
  }
  Result<LoginFailures> RecordLoginFailure(const std::string& username, int64_t now_s) override {
    return state_->RecordLoginFailure(username, now_s);
  }
  Status ClearLoginFailures(const std::string& username) override {
    return state_->ClearLoginFailures(username);
  }

 private:
  std::unique_ptr<Store> corpus_;
  std::unique_ptr<StateStore> state_;
};

}  // namespace evident
