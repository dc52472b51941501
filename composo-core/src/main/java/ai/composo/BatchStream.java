package ai.composo;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The results of {@link AsyncComposo#evaluateAll}, one {@link BatchItem} per input, pulled lazily: the next
 * inputs are read (on the consuming thread) only while fewer than {@code window} items are held. Not
 * thread-safe: consume from one thread. {@link #close()} cancels the work still outstanding.
 *
 * @param <T> the input type
 */
public interface BatchStream<T> extends Iterator<BatchItem<T>>, AutoCloseable {

    /** Cancels outstanding evaluations and stops reading inputs; idempotent. */
    @Override
    void close();

    /** The remaining items as a sequential stream; closing the stream closes this batch. */
    default Stream<BatchItem<T>> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }
}
