// Internal to the SQLite store (sqlite_store.cc, sqlite_state.cc): an owned prepared statement
// with bind-then-check call sites, a scoped use of a reused statement, and a transaction on
// reused BEGIN/COMMIT/ROLLBACK statements. Not part of the store's interface.
// Thread-safety: like the connection they belong to, one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "common/status.h"

namespace evident::sqlite {

inline Status FromSqlite(int rc, const char* message) {
  switch (rc & 0xff) {  // primary code of an extended result code
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable(message);
    case SQLITE_CONSTRAINT:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
      return Status::InvalidArgument(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(message);
    default:
      return Status::IOError(message);
  }
}

inline Status FromSqlite(sqlite3* db, int rc) { return FromSqlite(rc, sqlite3_errmsg(db)); }

// Runs constant SQL (pragmas, migrations); never used with values, which are always bound.
inline Status Exec(sqlite3* db, const std::string& sql) {
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return FromSqlite(db, rc);
  return Status::OK();
}

// An owned prepared statement. Binding never fails on its own: the first bind error is kept and
// reported by the next Step, so call sites read as a list of binds followed by one check.
class Statement {
 public:
  Statement() = default;
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(Statement&& other) noexcept
      : stmt_(std::exchange(other.stmt_, nullptr)), bind_rc_(other.bind_rc_) {}
  Statement& operator=(Statement&& other) noexcept {
    std::swap(stmt_, other.stmt_);
    std::swap(bind_rc_, other.bind_rc_);
    return *this;
  }

  static Result<Statement> Prepare(sqlite3* db, std::string_view sql) {
    Statement statement;
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &statement.stmt_, nullptr);
    if (rc != SQLITE_OK) {
      return FromSqlite(db, rc).WithContext("preparing \"" + std::string(sql) + "\"");
    }
    return statement;
  }

  void Bind(int index, int64_t value) { Check(sqlite3_bind_int64(stmt_, index, value)); }
  void Bind(int index, std::string_view value) {
    Check(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                              SQLITE_UTF8));
  }

  //! Advances to the next row: true if there is one, false when the statement is done.
  Result<bool> Step() {
    if (bind_rc_ != SQLITE_OK) return FromSqlite(bind_rc_, sqlite3_errstr(bind_rc_));
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return FromSqlite(sqlite3_db_handle(stmt_), rc);
  }

  //! Runs a statement to completion, ignoring any rows.
  Status Run() {
    for (;;) {
      Result<bool> row = Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::OK();
    }
  }

  //! Makes the statement ready to run again and drops its bindings and read snapshot.
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    bind_rc_ = SQLITE_OK;
  }

  //! The connection the statement belongs to.
  sqlite3* db() const { return sqlite3_db_handle(stmt_); }

  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::string Text(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return text == nullptr ? std::string() : std::string(text, sqlite3_column_bytes(stmt_, column));
  }

 private:
  void Check(int rc) {
    if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }

  sqlite3_stmt* stmt_ = nullptr;
  int bind_rc_ = SQLITE_OK;
};

// Prepares each (statement, SQL) pair of `all` on `db`; the first failure is returned.
template <typename Pairs>
Status PrepareEach(sqlite3* db, Pairs& all) {
  for (auto& [statement, sql] : all) {
    Result<Statement> prepared = Statement::Prepare(db, sql);
    if (!prepared.ok()) return prepared.status();
    *statement = std::move(*prepared);
  }
  return Status::OK();
}

// Lends a reused statement for one use and resets it when the scope ends, so it neither holds a
// read snapshot open (which would pin the WAL) nor carries bindings into the next use.
class StatementUse {
 public:
  explicit StatementUse(Statement& statement) : statement_(statement) {}
  ~StatementUse() { statement_.Reset(); }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;
  Statement* operator->() { return &statement_; }
  Statement& operator*() { return statement_; }

 private:
  Statement& statement_;
};

inline Result<int64_t> QueryInt(Statement& statement) {
  StatementUse q(statement);
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Corruption("query returned no row");
  return q->Int(0);
}

// A transaction on the store's reused BEGIN/COMMIT/ROLLBACK statements; rolled back when it goes
// out of scope without Commit. Begun while the connection is already inside a transaction (the
// store's RunAtomically), it joins that one: Begin and Commit do nothing and the outer
// transaction decides.
class Transaction {
 public:
  explicit Transaction(Statement& rollback) : rollback_(rollback) {}
  ~Transaction() {
    if (open_) StatementUse(rollback_)->Run();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Begin(Statement& begin) {
    if (sqlite3_get_autocommit(begin.db()) == 0) return Status::OK();  // joins the outer one
    EVIDENT_RETURN_IF_ERROR(StatementUse(begin)->Run());
    open_ = true;
    return Status::OK();
  }
  Status Commit(Statement& commit) {
    if (!open_) return Status::OK();  // joined an outer transaction
    EVIDENT_RETURN_IF_ERROR(StatementUse(commit)->Run());
    open_ = false;
    return Status::OK();
  }

 private:
  Statement& rollback_;
  bool open_ = false;
};

}  // namespace evident::sqlite
