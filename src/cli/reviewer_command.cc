// `evident reviewer add|list|disable|enable|passwd`: the accounts of medical reviewers, kept in the
// state store (--store; the data directory's SQLite store by default). Passwords are read from
// the terminal without echo (asked twice), or as the first line of standard input when that is
// not a terminal; they are hashed with argon2id and never printed or logged.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/engine.h"
#include "common/data_layout.h"
#include "server/password_hasher.h"
#include "store/state_store.h"

namespace evident::cli {

namespace {

struct ReviewerArgs {
  std::string username;
  std::string name;
  std::string role = "reviewer";
};

// One line from the terminal with echo off, or from standard input.
Result<std::string> ReadSecretLine(const std::string& prompt) {
  bool tty = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (tty) {
    std::fprintf(stderr, "%s", prompt.c_str());
    std::fflush(stderr);
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fprintf(stderr, "\n");
  }
  if (!got) return Status::InvalidArgument("no password given (type it, or pipe it on stdin)");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// A new password for `username`: checked for length, confirmed when typed.
Result<std::string> ReadNewPasswordHash(const std::string& username) {
  auto password = ReadSecretLine("New password for " + username + ": ");
  if (!password.ok()) return password.status();
  EVIDENT_RETURN_IF_ERROR(CheckPasswordStrength(*password));
  if (::isatty(STDIN_FILENO) != 0) {
    auto again = ReadSecretLine("Repeat the password: ");
    if (!again.ok()) return again.status();
    if (*again != *password) return Status::InvalidArgument("the passwords differ");
  }
  return HashPassword(*password);
}

Result<std::unique_ptr<StateStore>> OpenState(const GlobalOptions& global) {
  std::string location =
      global.store.empty() ? DataLayout{global.data_dir}.store_path() : global.store;
  return OpenStateStore(location);
}

// Runs `fn` on the state store; prints its error and sets the exit code.
void WithState(GlobalOptions& global, const std::function<Status(StateStore&)>& fn) {
  auto store = OpenState(global);
  Status status = store.ok() ? fn(**store) : store.status();
  if (!status.ok()) {
    PrintError(status);
    global.exit_code = status.code() == Status::Code::kInvalidArgument ? 2 : 1;
  }
}

Status Add(StateStore& store, const ReviewerArgs& args) {
  auto role = ParseReviewerRole(args.role);
  if (!role) return Status::InvalidArgument("--role is reviewer, editor or admin");
  if (!IsValidReviewerUsername(args.username)) {
    return Status::InvalidArgument("a username is 1-64 of a-z, 0-9, '.', '_' and '-'");
  }
  if (store.GetReviewer(args.username).ok()) {
    return Status::InvalidArgument("reviewer " + args.username + " already exists");
  }
  auto hash = ReadNewPasswordHash(args.username);
  if (!hash.ok()) return hash.status();
  ReviewerAccount account;
  account.username = args.username;
  account.display_name = args.name.empty() ? args.username : args.name;
  account.role = *role;
  account.password_hash = *hash;
  EVIDENT_RETURN_IF_ERROR(store.AddReviewer(account));
  std::fprintf(stderr, "evident: added %s (%s)\n", args.username.c_str(), args.role.c_str());
  return Status::OK();
}

Status List(StateStore& store) {
  auto accounts = store.ListReviewers();
  if (!accounts.ok()) return accounts.status();
  std::printf("%-24s %-9s %-9s %-21s %s\n", "USERNAME", "ROLE", "STATE", "CREATED", "NAME");
  for (const auto& a : *accounts) {
    std::printf("%-24s %-9s %-9s %-21s %s\n", a.username.c_str(), ReviewerRoleName(a.role),
                a.disabled ? "disabled" : "active", a.created_at.c_str(), a.display_name.c_str());
  }
  return Status::OK();
}

}  // namespace

void AddReviewerCommand(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand(
      "reviewer",
      "Manage the accounts of medical reviewers (kept in --store, shared by every server).");
  cmd->require_subcommand(1);
  auto args = std::make_shared<ReviewerArgs>();

  CLI::App* add =
      cmd->add_subcommand("add", "Add an account; the password is asked for (or read from stdin)");
  add->add_option("username", args->username, "Login name: a-z, 0-9, '.', '_', '-'")->required();
  add->add_option("--name", args->name, "Name shown on approved articles (default: username)");
  add->add_option("--role", args->role, "reviewer, editor (also sees all comments) or admin")
      ->capture_default_str()
      ->check(CLI::IsMember({"reviewer", "editor", "admin"}));
  add->callback(
      [args, &global] { WithState(global, [&](StateStore& s) { return Add(s, *args); }); });

  cmd->add_subcommand("list", "List the accounts")->callback([&global] {
    WithState(global, List);
  });

  for (bool disable : {true, false}) {
    CLI::App* sub = cmd->add_subcommand(
        disable ? "disable" : "enable",
        disable ? "Disable an account (its sessions end at once)" : "Enable an account again");
    sub->add_option("username", args->username, "Login name")->required();
    sub->callback([args, &global, disable] {
      WithState(global,
                [&](StateStore& s) { return s.SetReviewerDisabled(args->username, disable); });
    });
  }

  CLI::App* passwd = cmd->add_subcommand(
      "passwd", "Set a new password (asked for, or read from stdin); sessions end at once");
  passwd->add_option("username", args->username, "Login name")->required();
  passwd->callback([args, &global] {
    WithState(global, [&](StateStore& s) -> Status {
      auto account = s.GetReviewer(args->username);
      if (!account.ok()) return account.status();
      auto hash = ReadNewPasswordHash(args->username);
      if (!hash.ok()) return hash.status();
      return s.SetReviewerPasswordHash(args->username, *hash);
    });
  });
}

}  // namespace evident::cli
