package dev.keel.rates;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegionTreeTests {

	@Test
	void ordersEveryParentBeforeItsChildrenWhateverTheDumpOrder() {
		RegionTree tree = new RegionTree();
		tree.addRegion("a1x", "A one x", "a1", 1);
		tree.addRegion("b1", "B one", "root_b", 2);
		tree.addRegion("a1", "A one", "root_a", 3);
		tree.addRegion("root_a", "Root A", null, 4);
		tree.addRegion("root_b", "Root B", null, 5);
		List<String> order = tree.regionsParentsFirst().stream().map(RegionTree.Region::slug).toList();
		assertThat(order).containsExactlyInAnyOrder("a1x", "b1", "a1", "root_a", "root_b");
		assertThat(order.indexOf("root_a")).isLessThan(order.indexOf("a1"));
		assertThat(order.indexOf("a1")).isLessThan(order.indexOf("a1x"));
		assertThat(order.indexOf("root_b")).isLessThan(order.indexOf("b1"));
	}

	@Test
	void refusesACycle() {
		RegionTree tree = new RegionTree();
		tree.addRegion("root", "Root", null, 1);
		tree.addRegion("a", "A", "c", 2);
		tree.addRegion("b", "B", "a", 3);
		tree.addRegion("c", "C", "b", 4);
		assertThatThrownBy(tree::regionsParentsFirst).isInstanceOf(UnreadableDump.class)
			.hasMessage("regions form a cycle: [a, c, b]");

		RegionTree own = new RegionTree();
		own.addRegion("self", "Self", "self", 1);
		assertThatThrownBy(own::regionsParentsFirst).hasMessage("regions form a cycle: [self]");
	}

	@Test
	void refusesAnUnknownParent() {
		RegionTree tree = new RegionTree();
		tree.addRegion("a1", "A one", "root_a", 1);
		assertThatThrownBy(tree::regionsParentsFirst).isInstanceOf(UnreadableDump.class)
			.hasMessage("region a1 has unknown parent root_a");
	}

	@Test
	void refusesAPortInAnUnknownRegion() {
		RegionTree tree = new RegionTree();
		tree.addRegion("root_a", "Root A", null, 1);
		tree.addPort("PA000", "Port A", "root_a", 2);
		tree.addPort("PB000", "Port B", "root_b", 3);
		assertThat(tree.regionsParentsFirst()).hasSize(1);
		assertThatThrownBy(tree::ports).isInstanceOf(UnreadableDump.class)
			.hasMessage("port PB000 belongs to unknown region root_b");
	}

	@Test
	void refusesARegionOrPortNamedTwice() {
		RegionTree tree = new RegionTree();
		tree.addRegion("root_a", "Root A", null, 1);
		assertThatThrownBy(() -> tree.addRegion("root_a", "Again", null, 7)).isInstanceOf(UnreadableDump.class)
			.hasMessage("line 7: 'root_a' appears twice");
		tree.addPort("PA000", "Port A", "root_a", 8);
		assertThatThrownBy(() -> tree.addPort("PA000", "Again", "root_a", 9))
			.hasMessage("line 9: 'PA000' appears twice");
	}

	@Test
	void checksPortCodesAndRequiredValues() {
		RegionTree tree = new RegionTree();
		assertThatThrownBy(() -> tree.addPort("PA0000", "Port A", "root_a", 3)).isInstanceOf(UnreadableDump.class)
			.hasMessage("line 3: port code 'PA0000' is longer than 5 characters");
		assertThatThrownBy(() -> tree.addPort("", "Port A", "root_a", 4)).hasMessage("line 4: code must not be empty");
		assertThatThrownBy(() -> tree.addPort("PA000", "Port A", null, 5))
			.hasMessage("line 5: parent_slug must not be empty");
		assertThatThrownBy(() -> tree.addRegion("r", null, null, 6)).hasMessage("line 6: name must not be empty");
		tree.addPort("PA000", "Port A", "root_a", 7);
		assertThat(tree.portCodes()).containsExactly("PA000");
	}

}
