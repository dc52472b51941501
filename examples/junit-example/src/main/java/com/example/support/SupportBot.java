package com.example.support;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The "LLM feature" under test: a support bot that retrieves the policy a question is about and answers from it.
 * Canned, so the example runs offline; in a real project this calls a model. {@code careless} answers as a
 * model with a bad prompt would: from memory, not from the policy.
 */
public final class SupportBot {
    /** What the bot said, and the policy text it retrieved to say it. */
    public record Answer(String text, String context) {}

    private static final Map<String, String> POLICIES = Map.of(
            "returns", "Unworn items can be returned within 30 days of delivery for a full refund. Footwear must be returned"
                    + " in its original box. Sale items marked 'Final sale' cannot be returned.",
            "refunds", "Refunds go back to the original payment method within 5 business days of the return arriving at our"
                    + " warehouse.",
            "shipping", "Standard shipping takes 3 to 5 business days and is free on orders over 50 dollars. Express shipping"
                    + " takes 1 to 2 business days and costs 15 dollars.",
            "warranty", "All footwear carries a one-year warranty against manufacturing defects. Wear and tear is not covered.");

    private static final Map<String, Set<String>> KEYWORDS = Map.of(
            "returns", Set.of("return", "returned", "wore", "worn", "send", "back", "sale"),
            "refunds", Set.of("refund", "refunds", "money"),
            "shipping", Set.of("shipping", "deliver", "delivery", "express", "arrive"),
            "warranty", Set.of("warranty", "defect", "broke", "broken", "sole"));

    private final boolean careless;

    public SupportBot() {
        this(false);
    }

    public SupportBot(boolean careless) {
        this.careless = careless;
    }

    public Answer answer(String question) {
        Set<String> words = Arrays.stream(question.toLowerCase(Locale.ROOT).split("[^a-z]+")).collect(Collectors.toSet());
        String topic = KEYWORDS.entrySet().stream()
                .max(Comparator.comparingLong(e -> e.getValue().stream().filter(words::contains).count()))
                .map(Map.Entry::getKey).orElseThrow();
        String policy = POLICIES.get(topic);
        if (careless) {
            return new Answer("No problem at all, we take anything back at any time and refund you in cash the same day.", policy);
        }
        List<String> sentences = Arrays.asList(policy.split("(?<=\\.) "));
        return new Answer("According to our policy: " + String.join(" ", sentences.subList(0, Math.min(2, sentences.size()))), policy);
    }
}
