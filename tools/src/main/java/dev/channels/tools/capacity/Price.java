package dev.channels.tools.capacity;

/**
 * One list price: {@code usd} for every {@code per} units of {@code unit}, as AWS publishes it on {@code page}.
 *
 * @param readIn where the figure was read, when that is not {@code page} itself (AWS renders most price tables
 *     with JavaScript, so a stored copy of the page often has the table's labels but not its numbers)
 */
public record Price(String name, double usd, double per, String unit, String page, String readIn) {
    public Price {
        if (!(usd >= 0) || !(per > 0)) {
            throw new IllegalArgumentException(name + ": a price needs usd >= 0 and per > 0");
        }
    }

    /** USD for {@code quantity} units. */
    public double cost(double quantity) {
        return quantity * usd / per;
    }
}
