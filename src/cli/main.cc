#include "cli/commands.h"

int main(int argc, char** argv) { return evident::cli::Run(argc, argv); }
