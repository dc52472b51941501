package ai.composo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code composo} command: {@code eval}, {@code trace} and {@code serve}. */
@Command(name = "composo", mixinStandardHelpOptions = true, versionProvider = ComposoCli.Version.class, usageHelpAutoWidth = true,
        description = {
                "Evaluate LLM conversations, tool calls and multi-agent traces against one-sentence criteria (\"Reward responses that…\", \"Response fails if…\"): in bulk, offline with the embedded judge, against any Composo-compatible server, or against the hosted Composo platform.",
                ""},
        subcommands = {EvalCommand.class, CompareCommand.class, CalibrateCommand.class, TraceCommand.class, CriteriaCommand.class, ai.composo.server.cli.ServeCommand.class,
                ai.composo.server.cli.KeysCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
                "  composo eval examples/support-and-rag.jsonl --criteria-set rag",
                "  composo eval chats.csv -c \"Reward answers to the question\" --fail-under 0.7",
                "  composo compare runs/before runs/after --fail-on-regression",
                "  composo calibrate examples/labelled-support.jsonl --criteria-set rag",
                "  composo trace run.json -c \"Reward agents that use tools correctly\"",
                "  composo criteria explain --criteria-set rag",
                "  composo serve --port 8080 --dev",
                "  composo keys create --name ci",
                "",
                "Exit codes: 0 ok, 1 a gate failed (or compare --fail-on-regression found one),",
                "            2 usage or input error, or the server refused the API key,",
                "            3 evaluation errors, 130 interrupted (Ctrl-C; --resume continues).",
                "Run 'composo help <command>' for a command's options."})
public final class ComposoCli implements Runnable {
    public static final int OK = 0;
    public static final int THRESHOLD_FAILED = 1;
    public static final int USAGE = 2;
    public static final int EVALUATION_ERRORS = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int run(String... args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null && (args.length == 0 || !args[0].equals("serve"))) {
            // The in-process server of local mode must not log every request over the progress bar.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            // Nor log each judge failure with its stack trace: the CLI writes each as one line in the results and
            // says on stderr, in one line, what failed.
            if (System.getProperty("org.slf4j.simpleLogger.log.ai.composo.server.evaluation") == null) {
                System.setProperty("org.slf4j.simpleLogger.log.ai.composo.server.evaluation", "error");
            }
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl") == null) {
            // The embedded judge's tokenizer library warns about a missing CUDA driver and defaults it handles fine
            // (it runs on the CPU); in 'serve' logs those warnings read like faults.
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "error");
        }
        CommandLine cl = new CommandLine(new ComposoCli());
        // serve and keys are the server's own commands; here they get examples for the composo launcher.
        cl.getSubcommands().get("serve").getCommandSpec().usageMessage().footerHeading("%nExamples:%n").footer(
                "  composo serve --dev                 # 127.0.0.1:8080; prints a key once",
                "  composo serve --port 9000 --config server.properties",
                "  composo serve --host 0.0.0.0 \\",
                "      --database-url jdbc:postgresql://db/composo --set judge.llama.type=openai",
                "",
                "Exit codes: 0 stopped cleanly (Ctrl-C, SIGTERM), 2 invalid configuration.");
        cl.getSubcommands().get("keys").getCommandSpec().usageMessage().footerHeading("%nExamples:%n").footer(
                "  composo keys create --name ci      # prints the new key once",
                "  composo keys list",
                "  composo keys revoke <key-id>");
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(e -> USAGE);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("composo: " + ex.getMessage());
            c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("composo: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
            return USAGE;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ComposoCli.class.getPackage().getImplementationVersion();
            return new String[] {"composo " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
