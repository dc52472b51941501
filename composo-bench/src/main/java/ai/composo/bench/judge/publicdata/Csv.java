package ai.composo.bench.judge.publicdata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small RFC 4180 reader: quoted fields with {@code ""} escapes and line breaks, CRLF or LF rows. */
final class Csv {
    private Csv() {}

    /** Every row as a list of fields (the header row included). */
    static List<List<String>> rows(String text, char separator) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
                any = true;
            } else if (c == separator) {
                row.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || field.length() > 0) {
                    row.add(field.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (any || field.length() > 0) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    /** Rows after the header as header → value maps (missing trailing fields read as ""). */
    static List<Map<String, String>> records(String text, char separator) {
        List<List<String>> rows = rows(text, separator);
        List<Map<String, String>> out = new ArrayList<>();
        if (rows.isEmpty()) {
            return out;
        }
        List<String> header = rows.get(0);
        for (List<String> r : rows.subList(1, rows.size())) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i).strip(), i < r.size() ? r.get(i) : "");
            }
            out.add(m);
        }
        return out;
    }

    /** Tab-separated rows with no quoting at all (as BEGIN's files are written). */
    static List<Map<String, String>> tsvNoQuotes(String text) {
        List<Map<String, String>> out = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        if (lines.length == 0) {
            return out;
        }
        String[] header = lines[0].split("\t", -1);
        for (int l = 1; l < lines.length; l++) {
            if (lines[l].isEmpty()) {
                continue;
            }
            String[] f = lines[l].split("\t", -1);
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                m.put(header[i].strip(), i < f.length ? f[i] : "");
            }
            out.add(m);
        }
        return out;
    }
}
