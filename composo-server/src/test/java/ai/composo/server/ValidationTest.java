package ai.composo.server;

import static ai.composo.server.TestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.internal.json.Json;
import ai.composo.judge.JudgeConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bad-input corpus: each case asserts the status and the FastAPI-style detail (type, loc, message). */
class ValidationTest {
    @TempDir
    static Path dir;

    static ComposoServer server;

    @BeforeAll
    static void start() {
        server = ComposoServer.start(TestSupport.config(dir).judge(JudgeConfig.of("local-llama", "noop", Map.of()))
                .defaultJudge("lexical").maxBodyBytes(64 * 1024).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static final String M = "'messages':[{'role':'user','content':'Hi there'},{'role':'assistant','content':'Hello! How can I help?'}]";
    static final String C = "'evaluation_criteria':'Reward responses that greet the user'";
    static final String OK_TRACE = "{'root_agent_instance_id':'a','agent_instance_by_id':{'a':{'id':'a','name':'x','interactions':"
            + "[{'input_messages':[{'role':'user','content':'hi'}],'output_messages':[{'content':'hello'}]}]}}}";

    static String trace(String trace) {
        return "{'trace':" + trace + ",'evaluation_criteria':'Reward agents that help'}";
    }

    static String agent(String instance) {
        return trace("{'root_agent_instance_id':'a','agent_instance_by_id':{'a':" + instance + "}}");
    }

    static String interaction(String interaction) {
        return agent("{'id':'a','name':'x','interactions':[" + interaction + "]}");
    }

    /** endpoint, body (single quotes become double quotes unless raw), status, type, loc, message fragment. */
    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();
        // --- body as a whole
        c.add(raw("reward", "{\"messages\": [", 422, "json_invalid", "[\"body\",14]", "JSON decode error"));
        c.add(raw("reward", "", 422, "json_invalid", "[\"body\",0]", "JSON decode error"));
        c.add(raw("reward", "{} trailing", 422, "json_invalid", null, "JSON decode error"));
        c.add(raw("reward", "[1,2]", 422, "model_attributes_type", "[\"body\"]", "valid dictionary"));
        c.add(raw("reward", "null", 422, "model_attributes_type", "[\"body\"]", "valid dictionary"));
        // --- malformed JSON: said in the client's terms, with line and column, never the parser's names
        c.add(raw("reward", "{\"a\": 1}{\"b\": 2}", 422, "json_invalid", "[\"body\",8]", "unexpected data after the end of the JSON value"));
        c.add(raw("reward", "{\"a\": 1}\n{\"b\": 2}", 422, "json_invalid", "[\"body\",9]", "at line 2, column 1"));
        c.add(raw("reward", "{\"a\": NaN}", 422, "json_invalid", null, "'NaN' is not a JSON value"));
        c.add(raw("reward", "{\"a\": -Infinity}", 422, "json_invalid", null, "'-Infinity' is not a JSON value"));
        c.add(raw("reward", "{\"a\": Infinity}", 422, "json_invalid", null, "'Infinity' is not a JSON value"));
        c.add(raw("reward", "{\"a\": " + "9".repeat(5000) + "}", 422, "json_invalid", null, "a number is too long (5000 characters"));
        c.add(raw("reward", "[".repeat(5000) + "]".repeat(5000), 422, "json_invalid", null, "nests arrays and objects too deeply"));
        c.add(raw("reward", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000), 422, "json_invalid", null, "nests arrays and objects too deeply"));
        c.add(raw("reward", "{\"messages\": [}", 422, "json_invalid", null, "at line 1, column 15"));
        c.add(raw("reward", "{'messages': []}", 422, "json_invalid", "[\"body\",1]", "was expecting double-quote to start field name at line 1, column 2"));
        c.add(raw("reward", "{\"a\": tru}", 422, "json_invalid", null, "line 1"));
        c.add(raw("reward", "{\"a\": \"unterminated", 422, "json_invalid", null, "ends before it is complete"));
        c.add(raw("reward", "\"text\"", 422, "model_attributes_type", "[\"body\"]", "valid dictionary"));
        // --- messages
        c.add(of("reward", "{" + C + "}", 422, "missing", "['body','messages']", "Field required"));
        c.add(of("reward", "{'messages':null," + C + "}", 422, "missing", "['body','messages']", "Field required"));
        c.add(of("reward", "{'messages':'hello'," + C + "}", 422, "list_type", "['body','messages']", "valid list"));
        c.add(of("reward", "{'messages':[]," + C + "}", 422, "too_short", "['body','messages']", "at least 2 items"));
        c.add(of("reward", "{'messages':[{'role':'user','content':'hi'}]," + C + "}", 422, "too_short", "['body','messages']", "not 1"));
        c.add(of("reward", "{'messages':[{'role':'user','content':'hi'},'hello']," + C + "}", 422, "dict_type", "['body','messages',1]", "valid dictionary"));
        c.add(of("reward", "{'messages':[{'content':'hi'},{'role':'assistant','content':'yo'}]," + C + "}", 422, "missing", "['body','messages',0,'role']", "Field required"));
        c.add(of("reward", "{'messages':[{'role':'bot','content':'hi'},{'role':'assistant','content':'yo'}]," + C + "}", 422, "literal_error", "['body','messages',0,'role']", "'system', 'user', 'assistant' or 'tool'"));
        c.add(of("reward", "{'messages':[{'role':'user','content':'hi'},{'role':7,'content':'yo'}]," + C + "}", 422, "string_type", "['body','messages',1,'role']", "valid string"));
        c.add(of("reward", "{'messages':[{'role':'user','content':42},{'role':'assistant','content':'yo'}]," + C + "}", 422, "value_error", "['body','messages',0,'content']", "content must be a string"));
        c.add(of("reward", "{'messages':[{'role':'user','content':'hi'},{'role':'assistant','content':'yo','tool_calls':'x'}]," + C + "}", 422, "list_type", "['body','messages',1,'tool_calls']", "valid list"));
        c.add(of("reward", "{'messages':[{'role':'user','content':[1]},{'role':'assistant','content':'yo'}]," + C + "}", 422, "value_error", "['body','messages',0,'content',0]", "content part must be a string or an object"));
        // --- criteria
        c.add(of("reward", "{" + M + "}", 422, "value_error", "['body']", "exactly one of evaluation_criteria and evaluator_name (got neither)"));
        c.add(of("reward", "{" + M + "," + C + ",'evaluator_name':'tone'}", 422, "value_error", "['body']", "(got both)"));
        c.add(of("reward", "{" + M + ",'evaluator_name':'tone'}", 422, "value_error", "['body','evaluator_name']", "unknown evaluator 'tone'"));
        c.add(of("reward", "{" + M + ",'evaluation_criteria':''}", 422, "string_too_short", "['body','evaluation_criteria']", "at least 1 character"));
        c.add(of("reward", "{" + M + ",'evaluation_criteria':'   '}", 422, "value_error", "['body','evaluation_criteria']", "must not be empty"));
        c.add(of("reward", "{" + M + ",'evaluation_criteria':123}", 422, "string_type", "['body','evaluation_criteria']", "valid string"));
        c.add(of("reward", "{" + M + ",'evaluation_criteria':'Reward " + "x".repeat(4090) + "'}", 422, "string_too_long", "['body','evaluation_criteria']", "at most 4096 characters"));
        c.add(of("reward", "{" + M + ",'evaluation_criteria':'Check that it greets the user'}", 422, "value_error", "['body','evaluation_criteria']", "Criteria must start with one of: Reward, Penalize"));
        c.add(of("binary", "{" + M + "," + C + "}", 422, "value_error", "['body','evaluation_criteria']", "/api/v1/evals/binary takes pass/fail criteria"));
        c.add(of("binary", "{" + M + "}", 422, "missing", "['body','evaluation_criteria']", "Field required"));
        // --- model core and Lightning rules
        c.add(of("reward", "{" + M + "," + C + ",'model_core':'gpt-judge'}", 422, "literal_error", "['body','model_core']", "lexical, local-llama, align-20250529"));
        c.add(of("reward", "{" + M + "," + C + ",'model_core':5}", 422, "string_type", "['body','model_core']", "valid string"));
        c.add(of("reward", "{" + M + "," + C + ",'model_core':'align-lightning-20250731','evaluate_latest':false}", 422, "value_error", "['body','evaluate_latest']", "must be true with Lightning"));
        c.add(of("reward", "{" + M + "," + C + ",'model_core':'align-lightning-20251127'}", 422, "value_error", "['body','evaluation_criteria']", "accepts only pass/fail criteria"));
        c.add(of("binary", "{" + M + ",'evaluation_criteria':'Passes if it greets','model_core':'align-lightning-20250731','evaluate_latest':false}", 422, "value_error", "['body','evaluate_latest']", "must be true with Lightning"));
        // --- other fields
        c.add(of("reward", "{" + M + "," + C + ",'evaluate_latest':'yes'}", 422, "bool_type", "['body','evaluate_latest']", "valid boolean"));
        c.add(of("reward", "{" + M + "," + C + ",'system':['a']}", 422, "string_type", "['body','system']", "valid string"));
        c.add(of("reward", "{" + M + "," + C + ",'system_message':1}", 422, "string_type", "['body','system_message']", "valid string"));
        c.add(of("reward", "{" + M + "," + C + ",'tools':{'name':'x'}}", 422, "list_type", "['body','tools']", "valid list"));
        c.add(of("reward", "{" + M + "," + C + ",'tools':['search']}", 422, "dict_type", "['body','tools',0]", "valid dictionary"));
        c.add(of("reward", "{" + M + "," + C + ",'tools':[{'type':'function','function':{'description':'no name'}}]}", 422, "missing", "['body','tools',0,'function','name']", "Field required"));
        c.add(of("reward", "{" + M + "," + C + ",'tools':[{'type':'function','function':{'name':'f','parameters':'obj'}}]}", 422, "dict_type", "['body','tools',0,'function','parameters']", "JSON Schema object"));
        c.add(of("reward", "{" + M + "," + C + ",'tools':[{'type':'function','function':'f'}]}", 422, "dict_type", "['body','tools',0,'function']", "valid dictionary"));
        c.add(of("reward", "{" + M + "," + C + ",'tools':[{'type':'function','function':{'name':7}}]}", 422, "string_type", "['body','tools',0,'function','name']", "valid string"));
        c.add(of("reward", "{" + M + "," + C + ",'tools':[{'type':5,'function':{'name':'f'}}]}", 422, "string_type", "['body','tools',0,'type']", "valid string"));
        c.add(of("reward", "{" + M + "," + C + ",'tools':[{'type':'function','function':{'name':'f','description':['d']}}]}", 422, "string_type", "['body','tools',0,'function','description']", "valid string"));
        c.add(of("reward", "{" + M + "," + C + ",'tools':[{'name':'f','input_schema':'obj'}]}", 422, "dict_type", "['body','tools',0,'input_schema']", "JSON Schema object"));
        c.add(of("reward", "{'messages':[{'role':'user','content':'hi'},{'role':'assistant','content':null,'tool_calls':[{'id':'c1'}]}]," + C + "}", 422, "missing", "['body','messages',1,'tool_calls',0,'function']", "Field required"));
        c.add(of("reward", "{'messages':[{'role':'user','content':'hi'},{'role':'assistant','tool_calls':['c1']}]," + C + "}", 422, "dict_type", "['body','messages',1,'tool_calls',0]", "valid dictionary"));
        c.add(of("reward", "{'messages':[{'role':'user','content':'hi'},{'role':'assistant','tool_calls':[{'id':'c1','function':'f'}]}]," + C + "}", 422, "dict_type", "['body','messages',1,'tool_calls',0,'function']", "valid dictionary"));
        c.add(of("reward", "{'messages':[{'role':'user','content':'hi'},{'role':'assistant','tool_calls':[{'id':'c1','function':{'arguments':'{}'}}]}]," + C + "}", 422, "missing", "['body','messages',1,'tool_calls',0,'function','name']", "Field required"));
        c.add(of("reward", "{'messages':[{'role':'user','content':'hi'},{'role':'assistant','tool_calls':[{'id':'c1','function':{'name':'f','arguments':[1]}}]}]," + C + "}", 422, "string_type", "['body','messages',1,'tool_calls',0,'function','arguments']", "JSON text"));
        c.add(of("reward", "{'messages':[{'role':'user','content':'hi'},{'role':'assistant','tool_calls':[{'id':7,'function':{'name':'f'}}]}]," + C + "}", 422, "string_type", "['body','messages',1,'tool_calls',0,'id']", "valid string"));
        c.add(of("reward", "{'messages':[{'role':'user','content':'hi'},{'role':'assistant','content':[{'type':'tool_use','id':'t1'}]}]," + C + "}", 422, "missing", "['body','messages',1,'content',0,'name']", "Field required"));
        c.add(of("reward", "{'messages':[{'role':'user','content':'hi'},{'role':'assistant','content':[{'type':'tool_use','name':'f','input':'x'}]}]," + C + "}", 422, "dict_type", "['body','messages',1,'content',0,'input']", "valid dictionary"));
        c.add(of("reward", "{'messages':[{'role':'user','content':[{'type':'tool_result','content':'ok'}]},{'role':'assistant','content':'yo'}]," + C + "}", 422, "missing", "['body','messages',0,'content',0,'tool_use_id']", "Field required"));
        c.add(of("reward", "{" + M + "," + C + ",'tags':{'run':1}}", 422, "string_type", "['body','tags','run']", "tag values must be strings"));
        c.add(of("reward", "{" + M + "," + C + ",'tags':['a']}", 422, "dict_type", "['body','tags']", "valid dictionary"));
        c.add(of("reward", "{" + M + "," + C + ",'explanation_cleaning':'developer'}", 422, "literal_error", "['body','explanation_cleaning']", "'end_user'"));
        c.add(of("reward", "{" + M + "," + C + ",'trace_id':17}", 422, "string_type", "['body','trace_id']", "valid string"));
        c.add(of("binary", "{" + M + ",'evaluation_criteria':'Passes if it greets','reference_output':{}}", 422, "string_type", "['body','reference_output']", "valid string"));
        // --- trace
        c.add(of("trace", "{'evaluation_criteria':'Reward agents that help'}", 422, "missing", "['body','trace']", "Field required"));
        c.add(of("trace", "{'trace':[],'evaluation_criteria':'Reward agents that help'}", 422, "model_attributes_type", "['body','trace']", "valid dictionary"));
        c.add(of("trace", "{'trace':" + OK_TRACE + "}", 422, "missing", "['body','evaluation_criteria']", "Field required"));
        c.add(of("trace", "{'trace':" + OK_TRACE + ",'evaluation_criteria':'Judge agents'}", 422, "value_error", "['body','evaluation_criteria']", "Criteria must start with one of"));
        c.add(of("trace", "{'trace':" + OK_TRACE + ",'evaluation_criteria':'Reward agents that help','model_core':'align-lightning-20250731'}", 422, "value_error", "['body','model_core']", "cannot evaluate traces"));
        c.add(of("trace", "{'trace':" + OK_TRACE + ",'evaluation_criteria':'Reward agents that help','evaluate_latest':true}", 422, "value_error", "['body','evaluate_latest']", "must be false for trace"));
        c.add(of("trace", trace("{'agent_instance_by_id':{}}"), 422, "missing", "['body','trace','root_agent_instance_id']", "Field required"));
        c.add(of("trace", trace("{'root_agent_instance_id':'a'}"), 422, "missing", "['body','trace','agent_instance_by_id']", "Field required"));
        c.add(of("trace", trace("{'root_agent_instance_id':'a','agent_instance_by_id':[]}"), 422, "dict_type", "['body','trace','agent_instance_by_id']", "valid dictionary"));
        c.add(of("trace", trace("{'root_agent_instance_id':'zz','agent_instance_by_id':{'a':{'id':'a','name':'x','interactions':[]}}}"), 422, "value_error", "['body','trace','root_agent_instance_id']", "'zz' is not a key of agent_instance_by_id"));
        c.add(of("trace", agent("{'id':'b','name':'x','interactions':[]}"), 422, "value_error", "['body','trace','agent_instance_by_id','a','id']", "must equal its key 'a'"));
        c.add(of("trace", agent("{'id':'a','interactions':[]}"), 422, "missing", "['body','trace','agent_instance_by_id','a','name']", "Field required"));
        c.add(of("trace", agent("{'id':'a','name':'x','interactions':{}}"), 422, "list_type", "['body','trace','agent_instance_by_id','a','interactions']", "valid list"));
        c.add(of("trace", interaction("5"), 422, "value_error", "['body','trace','agent_instance_by_id','a','interactions',0]", "child agent instance id"));
        c.add(of("trace", interaction("{'output_messages':[]}"), 422, "missing", "['body','trace','agent_instance_by_id','a','interactions',0,'input_messages']", "Field required"));
        c.add(of("trace", interaction("{'input_messages':[{'content':'hi'}],'output_messages':[]}"), 422, "missing", "['body','trace','agent_instance_by_id','a','interactions',0,'input_messages',0,'role']", "Field required"));
        c.add(of("trace", interaction("{'input_messages':[],'output_messages':[{'content':{'id':'c1','parameters':'{}'}}]}"), 422, "missing", "['body','trace','agent_instance_by_id','a','interactions',0,'output_messages',0,'content','name']", "Field required"));
        c.add(of("trace", interaction("{'input_messages':[],'output_messages':[{'content':{'id':'c1','response':'ok'}}]}"), 422, "value_error", "['body','trace','agent_instance_by_id','a','interactions',0,'output_messages',0,'content']", "cannot hold a tool response"));
        c.add(of("trace", interaction("{'input_messages':[],'output_messages':[],'tools_available':[{'description':'d'}]}"), 422, "missing", "['body','trace','agent_instance_by_id','a','interactions',0,'tools_available',0,'name']", "Field required"));
        c.add(of("trace", agent("{'id':'a','name':'x','interactions':['b']}"), 400, null, null, RequestValidatorTexts.NO_LLM));
        c.add(of("trace", trace("{'root_agent_instance_id':'a','agent_instance_by_id':{'a':{'id':'a','name':'x','interactions':[]}}}"), 400, null, null, RequestValidatorTexts.NO_LLM));
        return c.stream();
    }

    static final class RequestValidatorTexts {
        static final String NO_LLM = "Trace contains no LLM interactions. At least one agent instance must have an LLM interaction.";
    }

    static Arguments of(String endpoint, String body, int status, String type, String loc, String msg) {
        return Arguments.of(endpoint, body.replace('\'', '"'), status, type, loc == null ? null : loc.replace('\'', '"'), msg);
    }

    static Arguments raw(String endpoint, String body, int status, String type, String loc, String msg) {
        return Arguments.of(endpoint, body, status, type, loc, msg);
    }

    @Test
    void theCorpusHasAtLeastFortyCases() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest(name = "[{index}] {0} {2} {3} {4}")
    @MethodSource("cases")
    void badInputIsRejectedWithAPreciseDetail(String endpoint, String body, int status, String type, String loc, String msg) {
        var r = post(server, "/api/v1/evals/" + endpoint, body, server.devApiKey().orElseThrow());
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        RawHttp.assertErrorBody(r.body(), endpoint + " " + body);
        JsonNode detail = r.json().get("detail");
        if (status == 400) {
            assertThat(detail.asText()).isEqualTo(msg);
            return;
        }
        assertThat(detail.isArray()).as(r.body()).isTrue();
        boolean found = false;
        for (JsonNode e : detail) {
            assertThat(e.has("type") && e.has("loc") && e.has("msg")).as(e.toString()).isTrue();
            if (e.get("type").asText().equals(type) && (loc == null || e.get("loc").equals(Json.parse(loc)))
                    && e.get("msg").asText().contains(msg)) {
                found = true;
            }
        }
        assertThat(found).as("expected %s at %s containing '%s' in %s", type, loc, msg, r.body()).isTrue();
        // the same body is refused by the background variant, without creating a task
        if (!endpoint.equals("binary")) {
            var bg = post(server, "/api/v1/evals/" + endpoint + "/background", body, server.devApiKey().orElseThrow());
            assertThat(bg.status()).isEqualTo(status);
        }
    }

    /** Bodies that are not UTF-8 are refused, not silently repaired: 400 naming the byte, its offset and its field. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badUtf8")
    void invalidUtf8Is400NamingTheField(String name, byte[] bad, String field) {
        byte[] prefix = "{\"messages\":[{\"role\":\"user\",\"content\":\"caf".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = ("\"},{\"role\":\"assistant\",\"content\":\"Hello\"}],\"evaluation_criteria\":\"Reward kind responses\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(bad, 0, body, prefix.length, bad.length);
        System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
        for (String endpoint : List.of("reward", "reward/background")) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/evals/" + endpoint))
                    .header("Content-Type", "application/json").header("API-Key", server.devApiKey().orElseThrow())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            var r = TestSupport.send(req);
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            RawHttp.assertErrorBody(r.body(), name);
            assertThat(r.json().get("detail").asText()).startsWith("The request body is not valid UTF-8: byte 0x"
                    + String.format("%02X", bad[0] & 0xff) + " at offset " + prefix.length + ", in " + field);
        }
    }

    static Stream<Arguments> badUtf8() {
        return Stream.of(
                Arguments.of("0xFF 0xFE", new byte[] {(byte) 0xff, (byte) 0xfe}, "messages[0].content"),
                Arguments.of("overlong slash 0xC0 0xAF", new byte[] {(byte) 0xc0, (byte) 0xaf}, "messages[0].content"),
                Arguments.of("lone continuation byte", new byte[] {(byte) 0x80}, "messages[0].content"),
                Arguments.of("truncated 3-byte sequence", new byte[] {(byte) 0xe2, (byte) 0x82}, "messages[0].content"),
                Arguments.of("encoded surrogate", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, "messages[0].content"),
                Arguments.of("overlong NUL", new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0x80}, "messages[0].content"));
    }

    @Test
    void validUtf8IsAcceptedUnchanged() {
        var r = post(server, "/api/v1/evals/reward", ("{'messages':[{'role':'user','content':'café 東京 🎉'},"
                + "{'role':'assistant','content':'Hello'}]," + C + "}").replace('\'', '"'), server.devApiKey().orElseThrow());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void bodiesOverTheLimitAre413() {
        String big = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(70 * 1024) + "\"}]}";
        var r = post(server, "/api/v1/evals/reward", big, server.devApiKey().orElseThrow());
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("detail").asText()).isEqualTo("Request body too large: the limit is 65536 bytes");
    }

    @Test
    void unknownFieldsAndNullsAreIgnored() {
        var r = post(server, "/api/v1/evals/reward", ("{" + M + "," + C + ",'system':null,'tools':null,'tags':null,'model_core':null,"
                + "'evaluate_latest':null,'future_field':{'x':1}}").replace('\'', '"'), server.devApiKey().orElseThrow());
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void everyErrorInOneBodyIsReported() {
        var r = post(server, "/api/v1/evals/reward", "{\"messages\":[],\"evaluation_criteria\":\"Nope\",\"tags\":{\"a\":1}}",
                server.devApiKey().orElseThrow());
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("detail")).hasSize(3);
    }
}
