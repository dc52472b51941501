package ai.composo.junit;

import ai.composo.cli.internal.InputException;
import ai.composo.cli.internal.InputFormat;
import ai.composo.cli.internal.InputReader;
import ai.composo.cli.internal.Row;
import ai.composo.cli.internal.RowException;
import ai.composo.cli.internal.RowParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/** Reads a {@link ComposoDataset} with the CLI's readers, one {@link DatasetRow} argument per row, named by its id. */
final class DatasetProvider implements ArgumentsProvider, AnnotationConsumer<ComposoDataset> {
    private String location;

    @Override
    public void accept(ComposoDataset dataset) {
        this.location = dataset.value();
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        return read(location, context.getRequiredTestClass().getClassLoader()).stream().map(r -> Arguments.of(Named.of(r.id(), r)));
    }

    static List<DatasetRow> read(String location, ClassLoader loader) {
        Path path = Locations.resolve(location, loader);
        if (path == null || !Files.isRegularFile(path)) {
            throw new IllegalArgumentException("Composo dataset not found: " + location
                    + (location.startsWith(Locations.CLASSPATH) ? " (looked on the test classpath)" : " (from " + Path.of("").toAbsolutePath() + ")"));
        }
        List<DatasetRow> rows = new ArrayList<>();
        try (InputReader reader = InputReader.open(path, InputFormat.detect(path))) {
            while (reader.hasNext()) {
                Row row = RowParser.parse(reader.next());
                rows.add(new DatasetRow(row.id(), row.messages(), row.system(), row.tools()));
            }
        } catch (RowException | InputException e) {
            throw new IllegalArgumentException("Composo dataset " + location + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("Composo dataset " + location + " has no rows");
        }
        return rows;
    }
}
