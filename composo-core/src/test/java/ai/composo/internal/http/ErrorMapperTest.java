package ai.composo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.errors.AuthenticationException;
import ai.composo.errors.BadRequestException;
import ai.composo.errors.ComposoApiException;
import ai.composo.errors.InternalServerException;
import ai.composo.errors.MalformedException;
import ai.composo.errors.NotFoundException;
import ai.composo.errors.PermissionDeniedException;
import ai.composo.errors.RateLimitException;
import ai.composo.errors.RequestTimeoutException;
import ai.composo.errors.ServerException;
import ai.composo.errors.UnexpectedStatusException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

    @ParameterizedTest
    @CsvSource({
        "400, BadRequestException", "401, AuthenticationException", "403, PermissionDeniedException",
        "404, NotFoundException", "408, RequestTimeoutException", "422, MalformedException",
        "429, RateLimitException", "500, InternalServerException", "502, ServerException",
        "503, ServerException", "504, ServerException", "524, ServerException", "599, ServerException",
        "405, UnexpectedStatusException", "409, UnexpectedStatusException", "302, UnexpectedStatusException"})
    void everyStatusMapsToItsType(int status, String type) {
        Response r = new Response(status, Map.of("X-Custom", List.of("v")), "{\"detail\":\"went wrong\"}");
        ComposoApiException e = ErrorMapper.toException(r, NOW);
        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.headers().get("x-custom")).containsExactly("v");
        assertThat(e.body()).isEqualTo("{\"detail\":\"went wrong\"}");
        assertThat(e.detail()).isEqualTo("went wrong");
        assertThat(e).hasMessage(status + ": went wrong");
        assertThat(List.of(AuthenticationException.class, BadRequestException.class, InternalServerException.class,
                MalformedException.class, NotFoundException.class, PermissionDeniedException.class,
                RequestTimeoutException.class, ServerException.class, UnexpectedStatusException.class,
                RateLimitException.class)).contains(e.getClass());
    }

    @Test
    void validationListAndNonJsonBodies() {
        String list = "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"messages\"],\"msg\":\"Field required\"}]}";
        assertThat(ErrorMapper.toException(new Response(422, Map.of(), list), NOW).detail())
                .isEqualTo("[{\"type\":\"missing\",\"loc\":[\"body\",\"messages\"],\"msg\":\"Field required\"}]");
        ComposoApiException html = ErrorMapper.toException(new Response(502, Map.of(), "<html>Bad gateway</html>\n"), NOW);
        assertThat(html).hasMessage("502: <html>Bad gateway</html>");
        assertThat(html.body()).isEqualTo("<html>Bad gateway</html>\n");
        assertThat(ErrorMapper.toException(new Response(503, Map.of(), ""), NOW)).hasMessage("503: HTTP 503");
        assertThat(ErrorMapper.toException(new Response(500, Map.of(), "{\"other\":1}"), NOW).detail()).isEqualTo("{\"other\":1}");
    }

    @Test
    void rateLimitCarriesRetryAfter() {
        RateLimitException e = (RateLimitException) ErrorMapper.toException(
                new Response(429, Map.of("retry-after", List.of("Sat, 31 Jan 2026 12:00:05 GMT")), "{\"detail\":\"x\"}"), NOW);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
        RateLimitException past = (RateLimitException) ErrorMapper.toException(
                new Response(429, Map.of("Retry-After", List.of("Sat, 31 Jan 2026 11:00:00 GMT")), ""), NOW);
        assertThat(past.retryAfter()).contains(Duration.ZERO);
        RateLimitException none = (RateLimitException) ErrorMapper.toException(new Response(429, Map.of(), ""), NOW);
        assertThat(none.retryAfter()).isEmpty();
        RateLimitException ms = (RateLimitException) ErrorMapper.toException(
                new Response(429, Map.of("Retry-After-Ms", List.of("1500.5"), "Retry-After", List.of("7")), ""), NOW);
        assertThat(ms.retryAfter()).contains(Duration.ofNanos(1_500_500_000L));
    }
}
