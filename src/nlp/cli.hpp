#pragma once
// Command-line front end for the text classifier. `args` starts at the verb:
//   train classifier --data FILE --text-col T --label-col L --out MODEL [options]
//   eval classifier --model MODEL --data FILE [options]
//   predict classifier --model MODEL --text "..." [--top-k N]
// Returns a process exit code: 0 success, 1 failure (bad data, I/O), 2 usage error.
#include <ostream>
#include <string>
#include <vector>

namespace finchat::nlp {

int run_classifier_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string classifier_cli_usage();

}  // namespace finchat::nlp
