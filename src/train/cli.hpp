#pragma once
// finchat-train subcommands; each returns a process exit code.
#include "train/cli_args.hpp"

namespace finchat::train {

int cmd_data(const Args& a);
int cmd_gen_demo_data(const Args& a);
int cmd_tokenizer(const Args& a);
int cmd_encode(const Args& a);
int cmd_eval(const Args& a);
int cmd_train(const Args& a);
int cmd_sft(const Args& a);
int cmd_export(const Args& a);
int cmd_bench(const Args& a);

}  // namespace finchat::train
