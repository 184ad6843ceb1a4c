#pragma once
// `finchat model|generate|bench llm` subcommands (the lead wires them into the main binary).
#include <ostream>
#include <string>
#include <vector>

namespace finchat::llm {

// args exclude the program name, e.g. {"model", "info", "m.gguf"}. Returns the exit code.
int run_llm_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace finchat::llm
