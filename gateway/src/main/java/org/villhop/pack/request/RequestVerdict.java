package org.villhop.pack.request;

import java.util.List;

/** What {@link RequestParser} concluded: a usable request, or every problem found in it. */
public sealed interface RequestVerdict {

    record Valid(DischargeRequest request) implements RequestVerdict {
    }

    record Invalid(List<RequestProblem> problems) implements RequestVerdict {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid request has at least one problem");
            }
        }
    }
}
